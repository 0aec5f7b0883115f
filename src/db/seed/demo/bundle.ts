import type { ContractBundle } from '../../../billing/inputs/contract-bundle.ts';
import { demoClients } from './clients.ts';
import { demoEuContracts } from './contracts-eu.ts';
import { demoUsContracts } from './contracts-us.ts';
import { demoLegalEntities } from './entities.ts';
import { demoPeople } from './people.ts';

/**
 * The demo firm "Northwind Advisory": a US entity billing in USD and a Dutch entity billing in EUR,
 * 20 clients that together use every billing model and trip every exception type at least once.
 */

/** The demo master data as an import bundle (the same format `import contracts` reads). */
export function demoBundle(): ContractBundle {
  return {
    legalEntities: demoLegalEntities(),
    people: demoPeople(),
    clients: demoClients(),
    contracts: [...demoUsContracts(), ...demoEuContracts()],
  };
}

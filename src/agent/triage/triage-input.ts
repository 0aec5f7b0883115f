/**
 * The triage schemas are the catalogue's (src/tools/exceptions/triage-port.ts): POST /triage, the CLI and
 * exceptions_triage share them.
 */
export {
  triageInputSchema,
  triageResultSchema,
  type TriageInput,
} from '../../tools/exceptions/triage-port.ts';

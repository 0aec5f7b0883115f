import { describe, expect, it } from 'vitest';
import { heldOut, partyDoc, trainParties } from './train-parties.ts';

// A tiny corpus of two authors whose documents name the parties only in a sentence the rules do not read: the client
// first, after "on behalf of", the provider second, after "work done by". Names invented for the test.
const doc = (author: string, i: number, client: string, provider: string) =>
  partyDoc(
    author,
    `${author}-${i}`,
    `# Work Order ${i}\n\nIssued on behalf of ${client}; work done by ${provider} under the framework.\n`,
    { client, provider },
  );
const docs = [
  doc('a', 1, 'Fenwick County', 'Larch Data LLC'),
  doc('a', 2, 'Moorgate Borough Council', 'Quill Systems Ltd'),
  doc('a', 3, 'Stadt Ebersau', 'Ostwind IT GmbH'),
  doc('b', 1, 'Commune de Valbrune', 'Atelier Nord SAS'),
  doc('b', 2, 'Harrow Vale School District', 'Petrel Networks Inc.'),
  doc('b', 3, 'Kanton Seewald', 'Bergkamm Software AG'),
];

describe('training the party ranker', () => {
  it('finds both names as candidates where the rules read none', () => {
    for (const d of docs) {
      expect(d.rules.client).toBeNull();
      expect(d.candidates.map((c) => c.name)).toEqual(expect.arrayContaining([d.truth.client, d.truth.provider]));
    }
  });

  it('learns the side each role stands on and fills the held-out author with it', () => {
    const client = trainParties(docs, 'client');
    const provider = trainParties(docs, 'provider');
    expect(client.weights['order:0'] ?? 0).toBeGreaterThan(provider.weights['order:0'] ?? 0);
    const h = heldOut(docs, (author) => {
      const training = docs.filter((d) => d.author !== author);
      return {
        threshold: 0.5,
        enabled: ['client', 'provider'],
        client: trainParties(training, 'client'),
        provider: trainParties(training, 'provider'),
      };
    });
    expect(h.before.client.tp).toBe(0);
    expect(h.after.client.tp).toBe(6);
    expect(h.after.provider.tp).toBe(6);
  });
});

/** Scores of a probability model: ROC AUC (ties count half) and the Brier score. */

/** Area under the ROC curve by the rank-sum (Mann-Whitney) formula; 0.5 when one class is absent. */
export function rocAuc(scores: readonly number[], labels: readonly number[]): number {
  const idx = scores.map((s, i) => [s, labels[i] as number] as const).sort((a, b) => a[0] - b[0]);
  let rankSumPos = 0,
    pos = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j < idx.length && idx[j]?.[0] === idx[i]?.[0]) j++;
    const rank = (i + j + 1) / 2; // average 1-based rank of the tie block
    for (let k = i; k < j; k++)
      if (idx[k]?.[1] === 1) {
        rankSumPos += rank;
        pos++;
      }
    i = j;
  }
  const neg = idx.length - pos;
  if (pos === 0 || neg === 0) return 0.5;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Mean squared error of probabilities against 0/1 outcomes. */
export function brier(probs: readonly number[], labels: readonly number[]): number {
  let s = 0;
  probs.forEach((p, i) => {
    s += (p - (labels[i] as number)) ** 2;
  });
  return probs.length ? s / probs.length : 0;
}

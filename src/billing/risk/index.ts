export * from './features.ts';
export * from './gbm.ts';
export * from './late.ts';
export * from './logistic.ts';
export * from './metrics.ts';
export * from './model.ts';
export * from './score.ts';

export * from './address.js';
export * from './range.js';
export * from './pool.js';

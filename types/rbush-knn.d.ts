// Types for rbush-knn (k nearest items of an rbush tree), which ships none.
declare module 'rbush-knn' {
  import type RBush from 'rbush';
  export default function knn<T>(tree: RBush<T>, x: number, y: number, n?: number, predicate?: (item: T) => boolean, maxDistance?: number): T[];
}

// The few host APIs that shared code relies on. Browsers and Node both have them; declaring just
// these (instead of adding the DOM or Node libraries) keeps everything else out of src-shared.
declare function setTimeout(handler: () => void, ms?: number): unknown;
declare function clearTimeout(id: unknown): void;
declare class URL {
  constructor(url: string, base?: string);
  protocol: string;
  readonly searchParams: { set(name: string, value: string): void };
  toString(): string;
}

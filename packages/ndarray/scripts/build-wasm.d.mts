/** Where the generated module lives, relative to the package. */
export declare const GENERATED_PATH: string;
/** Compiler flags passed to asc. */
export declare const ASC_FLAGS: readonly string[];
/** Compiles assembly/ and returns the text of the generated TypeScript module. */
export declare function generateKernelsModule(): Promise<string>;

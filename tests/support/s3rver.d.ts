// s3rver ships no types; these are the parts the tests use.
declare module 's3rver' {
  import type { Server } from 'node:http';

  type Middleware = (ctx: any, next: () => Promise<void>) => Promise<void> | void;
  export default class S3rver {
    constructor(options: {
      address?: string;
      port?: number;
      silent?: boolean;
      directory?: string;
      resetOnClose?: boolean;
      configureBuckets?: { name: string }[];
    });
    middleware: Middleware[];
    store: { rootDirectory: string };
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
    httpServer?: Server;
  }
}

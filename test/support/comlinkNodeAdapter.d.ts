// comlink ships node-adapter.d.ts next to node-adapter.mjs; bundler resolution wants a .d.mts.
declare module 'comlink/dist/esm/node-adapter.mjs' {
  import nodeEndpoint from 'comlink/dist/esm/node-adapter';
  export default nodeEndpoint;
}

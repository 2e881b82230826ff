// cytoscape-svg ships no types: the extension, and the method it adds.
declare module "cytoscape-svg" {
  import type cytoscape from "cytoscape";
  const extension: cytoscape.Ext;
  export default extension;
}

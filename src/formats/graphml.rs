//! The stakeholder map as GraphML, for Gephi and yEd: nodes with name, type,
//! level, degree and betweenness; edges with type and weight.

use crate::network::Graph;
use crate::text::xml_escape;

/// The graph as GraphML, which Gephi, yEd and Cytoscape desktop open: nodes with
/// name, type, level, degree and betweenness; directed edges with type and strength.
pub fn document(graph: &Graph) -> String {
    let mut out = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
  <key id="label" for="node" attr.name="label" attr.type="string"/>
  <key id="kind" for="node" attr.name="tipo" attr.type="string"/>
  <key id="level" for="node" attr.name="livello" attr.type="string"/>
  <key id="degree" for="node" attr.name="grado" attr.type="int"/>
  <key id="betweenness" for="node" attr.name="intermediazione" attr.type="double"/>
  <key id="rel" for="edge" attr.name="tipo" attr.type="string"/>
  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>
  <graph id="tavolo" edgedefault="directed">
"#,
    );
    for n in &graph.nodes {
        out.push_str(&format!(
            "    <node id=\"{}\"><data key=\"label\">{}</data><data key=\"kind\">{}</data><data key=\"level\">{}</data><data key=\"degree\">{}</data>",
            xml_escape(&n.id),
            xml_escape(&n.name),
            n.kind.code(),
            n.level.code(),
            n.degree
        ));
        if let Some(b) = n.betweenness {
            out.push_str(&format!("<data key=\"betweenness\">{b}</data>"));
        }
        out.push_str("</node>\n");
    }
    for e in &graph.edges {
        out.push_str(&format!(
            "    <edge id=\"{}\" source=\"{}\" target=\"{}\"><data key=\"rel\">{}</data><data key=\"weight\">{}</data></edge>\n",
            xml_escape(&e.id),
            xml_escape(&e.from),
            xml_escape(&e.to),
            xml_escape(&e.kind),
            e.strength
        ));
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

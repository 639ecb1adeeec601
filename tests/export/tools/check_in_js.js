// Read govmap's exports with the JavaScript parsers the web tools use, and print what
// each one keeps. Not part of the test suite (it needs Node.js and npm packages):
//
//   npm install cytoscape graphology graphology-gexf graphology-graphml @xmldom/xmldom
//   for f in gexf graphml yed cytoscape; do govmap export --format $f -o /tmp/wales.$f; done
//   NODE_PATH=./node_modules node tests/export/tools/check_in_js.js /tmp/wales
//
// graphology-gexf and graphology-graphml are the parsers of Gephi Lite and Retina;
// cytoscape is Cytoscape.js. See docs/exchange.md ("What each tool keeps").
const fs = require('fs');
const {MultiDirectedGraph} = require('graphology');
const gexf = require('graphology-gexf');
const graphml = require('graphology-graphml');
const cytoscape = require('cytoscape');

const stem = process.argv[2];
const read = (ext) => fs.readFileSync(`${stem}.${ext}`, 'utf8');

function describe(name, graph) {
  const nodes = graph.nodes().map((n) => graph.getNodeAttributes(n));
  const keys = new Set(nodes.flatMap((a) => Object.keys(a)));
  const dated = nodes.filter((a) => a.start_year !== undefined);
  console.log(`${name}: ${graph.order} nodes, ${graph.size} edges, multi=${graph.multi}`);
  console.log(`  positions: ${nodes.every((a) => typeof a.x === 'number' && typeof a.y === 'number')}`);
  console.log(`  an attribute named "": ${keys.has('')}`);
  console.log(`  lifetimes (start/end) kept: ${keys.has('start') || keys.has('end')}`);
  console.log(`  start_year numeric: ${dated.length > 0 && dated.every((a) => typeof a.start_year === 'number')}` +
              `, active true/false: ${nodes.every((a) => a.active === undefined || typeof a.active === 'boolean')}`);
  console.log(`  members numeric: ${nodes.filter((a) => a.members !== undefined).every((a) => typeof a.members === 'number')}`);
  const kinds = new Set(graph.edges().map((e) => graph.getEdgeAttribute(e, 'kind')));
  console.log(`  edge kinds: ${[...kinds].join(', ')}`);
}

describe('GEXF via graphology-gexf', gexf.parse(MultiDirectedGraph, read('gexf')));
describe('plain GraphML via graphology-graphml', graphml.parse(MultiDirectedGraph, read('graphml')));
describe('yEd GraphML via graphology-graphml', graphml.parse(MultiDirectedGraph, read('yed')));

const doc = JSON.parse(read('cytoscape'));
const cy = cytoscape({headless: true, elements: doc.elements, layout: {name: 'preset'}});
const moved = doc.elements.nodes.filter((n) => {
  const p = cy.getElementById(n.data.id).position();
  return p.x !== n.position.x || p.y !== n.position.y;
});
console.log(`Cytoscape.js: ${cy.nodes().length} nodes, ${cy.edges().length} edges, ` +
            `positions kept: ${moved.length === 0}`);
cy.destroy();

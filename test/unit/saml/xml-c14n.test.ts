/**
 * The strict XML parser and Exclusive C14N: canonical forms compared with xml-crypto's independent
 * ExclusiveCanonicalization over @xmldom/xmldom, on documents chosen for the tricky rules (namespace
 * rendering and re-declaration, default-namespace undeclaration, attribute ordering, escaping, the
 * PrefixList, whitespace normalization), plus what the parser refuses.
 * Spec: Exclusive XML Canonicalization 1.0 §3; Canonical XML 1.0 §2.3 and its examples §3; XML 1.0
 * §2.11, §3.3.3.
 */
import { describe, expect, it } from 'vitest';
import { excC14n } from '../../../src/core/saml/c14n';
import { descendants, parseXml, XmlError } from '../../../src/core/saml/xml';
import { referenceExcC14n } from './xmlsig.mjs';

const reference = referenceExcC14n;

function ours(xml: string, local: string, prefixes?: string[]): string {
  const el = [...descendants(parseXml(xml))].find((e) => e.local === local)!;
  return excC14n(el, prefixes ? { inclusivePrefixes: prefixes } : {});
}

const DOCS: [name: string, xml: string, apex: string, prefixes?: string[]][] = [
  ['namespaces from ancestors, only the used ones', '<a:r xmlns:a="urn:a" xmlns:b="urn:b" xmlns:c="urn:c"><b:x c:k="1" z="2"><a:y/></b:x></a:r>', 'x'],
  ['a default namespace and its undeclaration', '<r xmlns="urn:d"><x><y xmlns=""><z/></y></x></r>', 'x'],
  ['attribute order: by namespace URI, then local name', '<r xmlns:b="urn:b" xmlns:a="urn:a"><x b:z="1" a:z="2" z="3" a="4" b:a="5"/></r>', 'x'],
  ['escaping text and attributes, normalized whitespace', '<r><x v="a&amp;b&lt;c&quot;d&#9;e&#10;f&#13;g\th\ni">1 &lt; 2 &gt; 0 &amp; &#13; "q"</x></r>', 'x'],
  ['a prefix re-declared with another URI below', '<p:r xmlns:p="urn:1"><p:x><p:y xmlns:p="urn:2"><p:z/></p:y></p:x></p:r>', 'x'],
  ['a redundant re-declaration', '<p:r xmlns:p="urn:1"><p:x><p:y xmlns:p="urn:1"/></p:x></p:r>', 'x'],
  ['the PrefixList renders unused prefixes in scope', '<r xmlns:xs="urn:xs" xmlns:xsi="urn:xsi" xmlns:u="urn:u"><x><v xsi:type="xs:string">t</v></x></r>', 'x', ['xs', 'u']],
  ['CDATA, comments and empty elements', '<r><x><![CDATA[<a> & b]]><!-- c --><e/><f></f></x></r>', 'x'],
  ['xml:lang is kept, not inherited', '<r xml:lang="en"><x xml:space="preserve"><y/></x></r>', 'x'],
  ['non-ASCII and character references', '<r><x a="é&#x1F600;">日本 &#233;</x></r>', 'x'],
];

describe('exclusive C14N', () => {
  for (const [name, xml, apex, prefixes] of DOCS) {
    it(`matches xml-crypto: ${name}`, () => {
      expect(ours(xml, apex, prefixes)).toBe(reference(xml, apex, prefixes));
    });
  }

  it('leaves the excluded element out with its subtree (enveloped signature), keeping surrounding text', () => {
    const root = parseXml('<r><a>1</a>\n  <s><t/></s>\n<b/></r>');
    const s = root.children.find((c) => c.kind === 'element' && c.local === 's') as never;
    expect(excC14n(root, { exclude: s })).toBe('<r><a>1</a>\n  \n<b></b></r>');
  });
});

describe('strict XML parser', () => {
  const bad: [string, string][] = [
    ['a DOCTYPE', '<!DOCTYPE r><r/>'],
    ['an internal subset with entities', '<!DOCTYPE r [<!ENTITY e "x">]><r>&e;</r>'],
    ['an undefined entity', '<r>&nbsp;</r>'],
    ['a processing instruction', '<r><?pi x?></r>'],
    ['an undeclared prefix', '<p:r/>'],
    ['a duplicate attribute', '<r a="1" a="2"/>'],
    ['a duplicate expanded attribute name', '<r xmlns:a="urn:x" xmlns:b="urn:x" a:k="1" b:k="2"/>'],
    ['undeclaring a prefix', '<r xmlns:p="urn:p"><x xmlns:p=""/></r>'],
    ['mismatched tags', '<r><a></b></r>'],
    ['content after the root', '<r/><r/>'],
    ['a control character', '<r>\u0001</r>'],
    ['a bad character reference', '<r>&#0;</r>'],
    ['"<" in an attribute', '<r a="<"/>'],
    ['too deep a document', `${'<a>'.repeat(100)}${'</a>'.repeat(100)}`],
    ['a byte order mark', '\uFEFF<r/>'],
  ];
  for (const [what, xml] of bad) {
    it(`refuses ${what}`, () => {
      expect(() => parseXml(xml)).toThrow(XmlError);
    });
  }

  it('resolves namespaces, normalizes line ends and attribute whitespace, joins text around comments', () => {
    const r = parseXml('<?xml version="1.0" encoding="UTF-8"?>\r\n<!-- c --><p:r xmlns:p="urn:p" a="x\ty\r\nz" p:b="1">a\r\nb<!-- c -->c</p:r>\n');
    expect(r).toMatchObject({ prefix: 'p', local: 'r', ns: 'urn:p' });
    expect(r.attrs).toEqual([
      { prefix: '', local: 'a', ns: '', value: 'x y z' },
      { prefix: 'p', local: 'b', ns: 'urn:p', value: '1' },
    ]);
    expect(r.children).toEqual([{ kind: 'text', value: 'a\nbc' }]);
  });
});

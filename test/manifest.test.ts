import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateManifest } from '../scripts/validate-manifest';

const root = join(__dirname, '..');
const assetsDir = join(root, 'assets');
const manifest = readFileSync(join(root, 'manifest.xml'), 'utf8');

/** Replaces exactly one occurrence, so a stale test fails loudly instead of testing the real manifest. */
function edit(xml: string, from: string, to: string): string {
  const at = xml.indexOf(from);
  if (at < 0 || xml.indexOf(from, at + 1) >= 0) throw new Error(`expected exactly one "${from}" in manifest.xml`);
  return xml.slice(0, at) + to + xml.slice(at + from.length);
}

describe('manifest.xml', () => {
  it('passes the offline checks', () => {
    expect(validateManifest(manifest, assetsDir)).toEqual([]);
  });

  const permissions = '<Permissions>ReadWriteDocument</Permissions>';
  const defaultSettings = manifest.slice(manifest.indexOf('<DefaultSettings>'), manifest.indexOf('</DefaultSettings>') + 18);

  it.each<[string, string, RegExp]>([
    ['not well-formed', edit(manifest, '</Hosts>\n  <Requirements>', '\n  <Requirements>'), /not well-formed XML/],
    [
      'Permissions before DefaultSettings',
      edit(edit(manifest, permissions, ''), defaultSettings, `${permissions}\n  ${defaultSettings}`),
      /<DefaultSettings> must come before <Permissions> in <OfficeApp>/,
    ],
    [
      'Resources before Hosts in VersionOverrides',
      edit(manifest, '<VersionOverrides xmlns="http://schemas.microsoft.com/office/taskpaneappversionoverrides" xsi:type="VersionOverridesV1_0">',
        '<VersionOverrides xmlns="http://schemas.microsoft.com/office/taskpaneappversionoverrides" xsi:type="VersionOverridesV1_0"><Resources/>'),
      /<Hosts> must come before <Resources> in <VersionOverrides>/,
    ],
    [
      'an http URL',
      edit(manifest, '<SourceLocation DefaultValue="https://localhost:3000/taskpane.html"/>',
        '<SourceLocation DefaultValue="http://localhost:3000/taskpane.html"/>'),
      /<SourceLocation DefaultValue="http:\/\/localhost:3000\/taskpane.html"> must use https/,
    ],
    ['a missing icon file', edit(manifest, 'assets/icon-80.png', 'assets/icon-81.png'), /has no file assets\/icon-81.png/],
    [
      'an icon of the wrong size',
      edit(manifest, '<IconUrl DefaultValue="https://localhost:3000/assets/icon-32.png"/>',
        '<IconUrl DefaultValue="https://localhost:3000/assets/icon-16.png"/>'),
      /<IconUrl>: assets\/icon-16.png is 16x16, expected 32x32/,
    ],
    [
      'an undefined resource id',
      edit(manifest, '<Label resid="Group.Label"/>', '<Label resid="Group.Missing"/>'),
      /resid "Group.Missing" on <Label> is not defined in <Resources> <bt:ShortStrings>/,
    ],
    ['a bad Id', edit(manifest, '<Id>ad7f0c05-985f-499c-a901-2e4d177af31a</Id>', '<Id>billing</Id>'), /<Id> must be a GUID/],
    [
      'an unknown permission',
      edit(manifest, permissions, '<Permissions>ReadWrite</Permissions>'),
      /<Permissions> must be one of Restricted, ReadDocument, ReadAllDocument, WriteDocument, ReadWriteDocument/,
    ],
    [
      'no ExcelApi requirement',
      edit(manifest, '<Set Name="ExcelApi" MinVersion="1.7"/>', '<Set Name="DialogApi" MinVersion="1.1"/>'),
      /<Set Name="ExcelApi" MinVersion="n.n"\/>/,
    ],
  ])('fails with %s', (_name, xml, message) => {
    const problems = validateManifest(xml, assetsDir);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  it('finds icons relative to the assets folder it is given', () => {
    expect(validateManifest(manifest, join(root, 'no-such-assets'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/<IconUrl>: https:\/\/localhost:3000\/assets\/icon-32.png has no file/)]),
    );
  });
});

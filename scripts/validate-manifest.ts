// Offline check of the add-in's XML manifest, for CI and `npm run validate:offline`.
// `office-addin-manifest validate` needs Microsoft's web service; this covers what we can check locally:
// well-formedness, the schema's element order, https URLs, icon files and resource ids.
// Element order and cardinality come from the taskpane XSDs (MS-OWEMXML): OfficeAppManifestV1_1.xsd,
// TaskPaneAppVersionOverridesV1_0.xsd and OfficeAppBasicTypesV1_0.xsd.
import { DOMParser, type Element } from '@xmldom/xmldom';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';

const NS_APP = 'http://schemas.microsoft.com/office/appforoffice/1.1';
const NS_XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const NS_BT = 'http://schemas.microsoft.com/office/officeappbasictypes/1.0';
const NS_OV = 'http://schemas.microsoft.com/office/taskpaneappversionoverrides';
const NS_XMLDSIG = 'http://www.w3.org/2000/09/xmldsig#';

/** Icons served by the dev server map to files in assets/. */
const DEV_ASSETS_URL = 'https://localhost:3000/assets/';

/** OfficeApp's sequence followed by the TaskPaneApp extension's sequence. */
const OFFICE_APP_ORDER = [
  'Id', 'AlternateId', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description', 'IconUrl',
  'HighResolutionIconUrl', 'SupportUrl', 'AppDomains', 'Hosts',
  'Requirements', 'DefaultSettings', 'Permissions', 'Dictionary', 'VersionOverrides',
];
const SCHEMA_REQUIRED = ['Id', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description', 'DefaultSettings', 'Permissions'];
/** Optional in the schema, but this add-in needs them (AppSource also requires both icons). */
const ADDIN_REQUIRED = ['IconUrl', 'HighResolutionIconUrl', 'SupportUrl', 'Hosts', 'Requirements', 'VersionOverrides'];

/** Sequences below OfficeApp, by parent element name; children not listed are not checked here. */
const CHILD_ORDER: Record<string, string[]> = {
  VersionOverrides: ['Description', 'Requirements', 'Hosts', 'Resources', 'WebApplicationInfo', 'EquivalentAddins'],
  Requirements: ['Sets', 'Methods'],
  DesktopFormFactor: ['GetStarted', 'FunctionFile', 'ExtensionPoint'],
  GetStarted: ['Title', 'Description', 'LearnMoreUrl'],
  Group: ['Label', 'Icon', 'Control'],
  Control: ['Label', 'Supertip', 'Icon', 'Action', 'Items'],
  Supertip: ['Title', 'Description'],
  Action: ['TaskpaneId', 'SourceLocation', 'Title', 'FunctionName'],
  Resources: ['Images', 'Urls', 'ShortStrings', 'LongStrings'],
};

/** Elements whose DefaultValue is a URL. */
const URL_ELEMENTS = ['IconUrl', 'HighResolutionIconUrl', 'SupportUrl', 'SourceLocation', 'Image', 'Url', 'QueryUri', 'DictionaryHomePage'];
const PERMISSIONS = ['Restricted', 'ReadDocument', 'ReadAllDocument', 'WriteDocument', 'ReadWriteDocument'];
/** Icon sizes the basic-types XSD calls mandatory for every <Icon>. */
const MANDATORY_ICON_SIZES = [16, 32, 80];
/** Which resource list a resid must point into, by the referring element's name. */
const RESOURCE_KIND: Record<string, ResourceKind> = {
  Image: 'Images', SourceLocation: 'Urls', LearnMoreUrl: 'Urls', FunctionFile: 'Urls',
  Label: 'ShortStrings', Title: 'ShortStrings', Description: 'LongStrings',
};
type ResourceKind = 'Images' | 'Urls' | 'ShortStrings' | 'LongStrings';
const MAX_LENGTH: Partial<Record<ResourceKind, number>> = { ShortStrings: 125, LongStrings: 250 };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const VERSION = /^\d{1,5}(\.\d{1,5}){3}$/;
const SHORT_VERSION = /^\d{1,5}\.\d{1,5}$/;

export interface ManifestReport {
  problems: string[];
  checks: number;
}

/** Problems found in the manifest text; empty when it passes. */
export function validateManifest(xml: string, assetsDir: string): string[] {
  return checkManifest(xml, assetsDir).problems;
}

export function checkManifest(xml: string, assetsDir: string): ManifestReport {
  const problems: string[] = [];
  let checks = 0;
  const check = (ok: boolean, problem: string): boolean => {
    checks++;
    if (!ok) problems.push(problem);
    return ok;
  };

  const parseErrors: string[] = [];
  let root: Element | null = null;
  try {
    const doc = new DOMParser({ onError: (level, msg) => void parseErrors.push(`${level}: ${msg}`) })
      .parseFromString(xml, 'text/xml');
    root = doc.documentElement;
  } catch (error) {
    if (parseErrors.length === 0) parseErrors.push(String(error));
  }
  if (!check(parseErrors.length === 0 && root !== null, `not well-formed XML: ${parseErrors.join('; ')}`) || !root) {
    return { problems, checks };
  }

  // Root element and add-in type.
  check(nameOf(root) === 'OfficeApp' && root.namespaceURI === NS_APP,
    `root element must be <OfficeApp xmlns="${NS_APP}">, found <${root.tagName}> in ${root.namespaceURI ?? 'no namespace'}`);
  check(xsiType(root) === 'TaskPaneApp', `<OfficeApp> xsi:type must be "TaskPaneApp", found "${xsiType(root) ?? ''}"`);

  // Children of OfficeApp: known, unique, complete and in schema order.
  const children = elementChildren(root);
  const names = children.map((c) => nameOf(c));
  for (const child of children) {
    const known = child.namespaceURI === NS_XMLDSIG ||
      (OFFICE_APP_ORDER.includes(nameOf(child)) &&
        child.namespaceURI === (nameOf(child) === 'VersionOverrides' ? NS_OV : NS_APP));
    check(known, `${at(child)}<${child.tagName}> is not a valid child of <OfficeApp> (or is in the wrong namespace)`);
  }
  for (const name of new Set(names)) {
    check(names.indexOf(name) === names.lastIndexOf(name), `<${name}> appears more than once in <OfficeApp>`);
  }
  for (const name of SCHEMA_REQUIRED) check(names.includes(name), `<OfficeApp> is missing <${name}> (required by the schema)`);
  for (const name of ADDIN_REQUIRED) check(names.includes(name), `<OfficeApp> is missing <${name}> (required for this add-in)`);
  checkOrder(root, OFFICE_APP_ORDER, check);
  for (const el of descendants(root)) {
    const order = CHILD_ORDER[nameOf(el)];
    if (order) checkOrder(el, order, check);
  }

  const child = (name: string) => children.find((c) => nameOf(c) === name);
  const text = (name: string) => child(name)?.textContent?.trim() ?? '';
  const defaultValue = (name: string) => child(name)?.getAttribute('DefaultValue') ?? '';

  // Simple values.
  check(GUID.test(text('Id')), `<Id> must be a GUID, found "${text('Id')}"`);
  check(VERSION.test(text('Version')), `<Version> must be n.n.n.n, found "${text('Version')}"`);
  check(text('ProviderName').length <= 125, '<ProviderName> is longer than 125 characters');
  check(defaultValue('DisplayName').length > 0 && defaultValue('DisplayName').length <= 125,
    '<DisplayName DefaultValue> must be 1 to 125 characters');
  check(defaultValue('Description').length > 0 && defaultValue('Description').length <= 250,
    '<Description DefaultValue> must be 1 to 250 characters');
  const permission = text('Permissions');
  if (check(PERMISSIONS.includes(permission), `<Permissions> must be one of ${PERMISSIONS.join(', ')}, found "${permission}"`)) {
    check(permission === 'ReadWriteDocument', `<Permissions> must be ReadWriteDocument: the Excel JavaScript API needs it, found "${permission}"`);
  }
  const hosts = child('Hosts') ? elementChildren(child('Hosts')!).map((h) => h.getAttribute('Name')) : [];
  check(hosts.includes('Workbook'), '<Hosts> must contain <Host Name="Workbook"/> (Excel)');

  const sets = descendants(child('Requirements')).filter((e) => nameOf(e) === 'Set');
  const excelApi = sets.find((s) => s.getAttribute('Name') === 'ExcelApi');
  check(SHORT_VERSION.test(excelApi?.getAttribute('MinVersion') ?? ''),
    '<Requirements><Sets> must contain <Set Name="ExcelApi" MinVersion="n.n"/>');
  const sourceLocation = descendants(child('DefaultSettings')).find((e) => nameOf(e) === 'SourceLocation');
  check(Boolean(sourceLocation?.getAttribute('DefaultValue')), '<DefaultSettings> must contain <SourceLocation DefaultValue="...">');

  // Every URL must be https (Office refuses http source locations; mixed content breaks icons).
  for (const el of [root, ...descendants(root)]) {
    for (const attr of Array.from(el.attributes)) {
      if (attr.name === 'xmlns' || attr.name.startsWith('xmlns:')) continue;
      const urlAttribute = attr.name === 'DefaultValue' && URL_ELEMENTS.includes(nameOf(el));
      if (urlAttribute || /^[a-z][a-z0-9+.-]*:\/\//i.test(attr.value)) {
        check(/^https:\/\/[^/\s]+/i.test(attr.value), `${at(el)}<${el.tagName} ${attr.name}="${attr.value}"> must use https`);
      }
    }
    if (nameOf(el) === 'AppDomain') {
      const domain = el.textContent?.trim() ?? '';
      check(/^https:\/\/[^/\s]+$/i.test(domain), `${at(el)}<AppDomain>${domain}</AppDomain> must be an https origin without a path`);
    }
  }

  // Icons: the files exist in assets/ at the size Office expects.
  const checkIcon = (where: string, url: string, sizes: number[]) => {
    if (!url.startsWith(DEV_ASSETS_URL)) return;
    const relative = decodeURIComponent(url.slice(DEV_ASSETS_URL.length));
    const file = resolve(assetsDir, relative);
    if (!check(file.startsWith(resolve(assetsDir) + sep) && existsSync(file),
      `${where}: ${url} has no file assets/${relative}`)) return;
    const size = pngSize(readFileSync(file));
    if (!check(size !== undefined, `${where}: assets/${relative} is not a PNG file`) || !size) return;
    for (const expected of sizes) {
      check(size.width === expected && size.height === expected,
        `${where}: assets/${relative} is ${size.width}x${size.height}, expected ${expected}x${expected}`);
    }
  };
  checkIcon('<IconUrl>', defaultValue('IconUrl'), [32]);
  checkIcon('<HighResolutionIconUrl>', defaultValue('HighResolutionIconUrl'), [64]);

  // VersionOverrides: resource ids resolve to the right kind of resource.
  const overrides = child('VersionOverrides');
  if (overrides) {
    check(xsiType(overrides) === 'VersionOverridesV1_0',
      `<VersionOverrides> xsi:type must be "VersionOverridesV1_0", found "${xsiType(overrides) ?? ''}"`);
    for (const host of elementChildren(elementChildren(overrides).find((e) => nameOf(e) === 'Hosts'))) {
      check(xsiType(host) === 'Workbook', `${at(host)}<Host> in <VersionOverrides> must have xsi:type="Workbook"`);
    }
    const resources = new Map<string, { kind: ResourceKind; el: Element }>();
    const resourcesEl = elementChildren(overrides).find((e) => nameOf(e) === 'Resources');
    for (const list of resourcesEl ? elementChildren(resourcesEl) : []) {
      const kind = nameOf(list) as ResourceKind;
      check(list.namespaceURI === NS_BT, `${at(list)}<${list.tagName}> in <Resources> must be in the bt namespace (${NS_BT})`);
      for (const item of elementChildren(list)) {
        const id = item.getAttribute('id') ?? '';
        check(id.length > 0 && id.length <= 32, `${at(item)}resource id "${id}" must be 1 to 32 characters`);
        check(!resources.has(id), `${at(item)}resource id "${id}" is defined more than once`);
        resources.set(id, { kind, el: item });
        const max = MAX_LENGTH[kind];
        if (max) check((item.getAttribute('DefaultValue') ?? '').length <= max, `${at(item)}resource "${id}" is longer than ${max} characters`);
      }
    }
    const iconSizes = new Map<string, number[]>();
    for (const el of descendants(overrides)) {
      if (nameOf(el) === 'Icon') {
        const sizes = elementChildren(el).map((img) => Number(img.getAttribute('size')));
        const missing = MANDATORY_ICON_SIZES.filter((s) => !sizes.includes(s));
        check(missing.length === 0, `${at(el)}<Icon> is missing the mandatory size(s) ${missing.join(', ')}`);
      }
      const resid = el.getAttribute('resid');
      if (!resid) continue;
      const kind = RESOURCE_KIND[nameOf(el)];
      const found = resources.get(resid);
      check(found !== undefined && (!kind || found.kind === kind),
        `${at(el)}resid "${resid}" on <${el.tagName}> is not defined in <Resources>${kind ? ` <bt:${kind}>` : ''}`);
      if (nameOf(el) === 'Image' && el.namespaceURI === NS_BT && el.getAttribute('size')) {
        iconSizes.set(resid, [...(iconSizes.get(resid) ?? []), Number(el.getAttribute('size'))]);
      }
    }
    for (const [id, { kind, el }] of resources) {
      if (kind === 'Images') checkIcon(`bt:Image "${id}"`, el.getAttribute('DefaultValue') ?? '', [...new Set(iconSizes.get(id) ?? [])]);
    }
  }

  return { problems, checks };
}

function elementChildren(el: Element | undefined): Element[] {
  if (!el) return [];
  return Array.from(el.childNodes).filter((n): n is Element => n.nodeType === 1);
}

function descendants(el: Element | undefined): Element[] {
  return elementChildren(el).flatMap((c) => [c, ...descendants(c)]);
}

/** Element name without its prefix (xmldom types localName as nullable). */
function nameOf(el: Element): string {
  return el.localName ?? el.nodeName;
}

function xsiType(el: Element): string | undefined {
  return el.getAttributeNS(NS_XSI, 'type') ?? undefined;
}

function at(el: Element): string {
  return el.lineNumber ? `line ${el.lineNumber}: ` : '';
}

function checkOrder(parent: Element, order: string[], check: (ok: boolean, problem: string) => boolean): void {
  let latest: Element | undefined;
  for (const child of elementChildren(parent)) {
    const index = order.indexOf(nameOf(child));
    if (index < 0) continue;
    const inOrder = !latest || order.indexOf(nameOf(latest)) <= index;
    check(inOrder, `${at(child)}<${child.tagName}> must come before <${latest?.tagName}> in <${parent.tagName}> ` +
      `(schema order: ${order.join(', ')})`);
    if (inOrder) latest = child;
  }
}

/** Width and height from a PNG's IHDR chunk, or undefined when the bytes are not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || signature.some((b, i) => bytes[i] !== b)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return undefined;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

function main(argv: string[]): number {
  const file = argv[0] ?? 'manifest.xml';
  const assetsDir = argv[1] ?? join(dirname(resolve(file)), 'assets');
  if (!existsSync(file)) {
    console.error(`${file}: file not found`);
    return 1;
  }
  const { problems, checks } = checkManifest(readFileSync(file, 'utf8'), assetsDir);
  if (problems.length === 0) {
    console.log(`${file}: OK (${checks} checks)`);
    return 0;
  }
  for (const problem of problems) console.error(`${file}: ${problem}`);
  return 1;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));

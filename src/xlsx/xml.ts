/** Text for SpreadsheetML parts. */

// Characters an XML 1.0 document cannot hold, and lone surrogates: dropped (they can come from a file's text).
const XML_INVALID_SOURCE = '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
const XML_INVALID = new RegExp(XML_INVALID_SOURCE);
const XML_INVALID_ALL = new RegExp(XML_INVALID_SOURCE, 'g');

/** Text an XML document can hold. */
export function xmlText(value: string): string {
  return XML_INVALID.test(value) ? value.replace(XML_INVALID_ALL, '') : value;
}

/** Text escaped for an XML element or a double-quoted attribute. */
export function escapeXml(value: string): string {
  return /[&<>"]/.test(value) ? value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;') : value;
}

/** A sheet as a formula or defined name refers to it: 'Billing Pivots'! (quotes doubled inside). */
export function sheetReference(name: string): string {
  return `'${name.replace(/'/g, "''")}'!`;
}

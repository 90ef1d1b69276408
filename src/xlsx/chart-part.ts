/**
 * A clustered column chart as DrawingML: the chart part, and the drawing that places it on a sheet. The series refer
 * to the sheet's cells (Excel redraws from them) and carry their values as a cache, as Excel writes them, so a reader
 * that does not calculate still shows the chart.
 */
import { escapeXml, xmlText } from './xml';

const CHART_NS = 'http://schemas.openxmlformats.org/drawingml/2006/chart';
const DRAWING_NS = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const SHEET_DRAWING_NS = 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
/** English Metric Units per pixel at 96 dpi. */
const EMU_PER_PIXEL = 9525;
/**
 * Series colours, in order (the workbook's own greens, oranges and blues). Each series gets its fill spelt out: the
 * package has no theme for a chart style to take colours from, and LibreOffice drew such bars empty.
 */
const SERIES_COLORS = ['548235', 'C55A11', '2E75B6', '7030A0', 'BF9000', '1F4E78'];

export interface ChartOptions {
  name: string;
  title: string;
  /** 0-based cell of the chart's top-left corner; size in pixels. */
  anchor: { row: number; column: number };
  size: { width: number; height: number };
  /** The category labels: their range ('Sheet'!$B$2:$B$9) and texts. */
  categories: { ref: string; texts: string[] };
  /** One series per column of values: the cell holding its name, its range and numbers. */
  series: Array<{ name: { ref: string; text: string }; values: { ref: string; numbers: Array<number | null> } }>;
}

/** The chart part (xl/charts/chartN.xml). */
export function chartXml(chart: ChartOptions): string {
  const strCache = (texts: string[]) => `<c:strCache><c:ptCount val="${texts.length}"/>${texts.map((text, i) => `<c:pt idx="${i}"><c:v>${escapeXml(xmlText(text))}</c:v></c:pt>`).join('')}</c:strCache>`;
  const numCache = (numbers: Array<number | null>) =>
    `<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${numbers.length}"/>${numbers
      .map((n, i) => (n === null || !Number.isFinite(n) ? '' : `<c:pt idx="${i}"><c:v>${n}</c:v></c:pt>`))
      .join('')}</c:numCache>`;
  const series = chart.series
    .map(
      (s, i) =>
        `<c:ser><c:idx val="${i}"/><c:order val="${i}"/><c:tx><c:strRef><c:f>${escapeXml(s.name.ref)}</c:f>${strCache([s.name.text])}</c:strRef></c:tx>` +
        `<c:spPr><a:solidFill><a:srgbClr val="${SERIES_COLORS[i % SERIES_COLORS.length]}"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>` +
        `<c:cat><c:strRef><c:f>${escapeXml(chart.categories.ref)}</c:f>${strCache(chart.categories.texts)}</c:strRef></c:cat>` +
        `<c:val><c:numRef><c:f>${escapeXml(s.values.ref)}</c:f>${numCache(s.values.numbers)}</c:numRef></c:val></c:ser>`,
    )
    .join('');
  return (
    `${XML_HEAD}<c:chartSpace xmlns:c="${CHART_NS}" xmlns:a="${DRAWING_NS}" xmlns:r="${REL_NS}"><c:roundedCorners val="0"/><c:chart>` +
    `<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>${escapeXml(xmlText(chart.title))}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>` +
    '<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>' +
    `<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>${series}<c:gapWidth val="150"/><c:axId val="1001"/><c:axId val="1002"/></c:barChart>` +
    '<c:catAx><c:axId val="1001"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="1"/>' +
    '<c:tickLblPos val="nextTo"/><c:crossAx val="1002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/></c:catAx>' +
    '<c:valAx><c:axId val="1002"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/><c:majorGridlines/><c:numFmt formatCode="General" sourceLinked="1"/>' +
    '<c:tickLblPos val="nextTo"/><c:crossAx val="1001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>' +
    '</c:plotArea><c:legend><c:legendPos val="r"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>'
  );
}

/** The drawing part (xl/drawings/drawingN.xml) placing a sheet's charts; chart i is relationship rId(i+1). */
export function drawingXml(charts: readonly ChartOptions[]): string {
  const anchors = charts.map(
    (chart, i) =>
      `<xdr:oneCellAnchor><xdr:from><xdr:col>${chart.anchor.column}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${chart.anchor.row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
      `<xdr:ext cx="${chart.size.width * EMU_PER_PIXEL}" cy="${chart.size.height * EMU_PER_PIXEL}"/>` +
      `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${i + 2}" name="${escapeXml(xmlText(chart.name))}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
      '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>' +
      `<a:graphic><a:graphicData uri="${CHART_NS}"><c:chart xmlns:c="${CHART_NS}" r:id="rId${i + 1}"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:oneCellAnchor>`,
  );
  return `${XML_HEAD}<xdr:wsDr xmlns:xdr="${SHEET_DRAWING_NS}" xmlns:a="${DRAWING_NS}" xmlns:r="${REL_NS}">${anchors.join('')}</xdr:wsDr>`;
}

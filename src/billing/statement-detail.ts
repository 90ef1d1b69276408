import type { ReportDetail } from './report';
import { chargeTypeKey } from './transaction-type';

/** Microsoft's charge types as a customer would say them (keys as chargeTypeKey writes them). */
const CHARGE_TYPE_WORDS: Record<string, string> = {
  new: 'new subscription',
  newpurchasecyclefee: 'new subscription',
  proratefeeswhenpurchase: 'new subscription',
  proratefeeswhenpurchased: 'new subscription',
  proratefeeswhenbuy: 'new subscription',
  purchase: 'purchase',
  purchasefee: 'purchase',
  renew: 'renewal',
  renewfee: 'renewal',
  proratefeewhenrenew: 'renewal',
  cyclecharge: 'recurring charge',
  cyclefee: 'recurring charge',
  activationfee: 'activation',
  proratefeeswhenactivate: 'reactivation',
  addquantity: 'seats added',
  removequantity: 'seats removed',
  movequantity: 'seats moved',
  cycleinstanceprorate: 'seat change',
  convertfrominstanceprorate: 'seat change',
  convert: 'upgrade',
  proratefeeswhenconvertawayfromcurrentoffering: 'billing change',
  proratefeeswhenconverttoanewoffering: 'billing change',
  changebillingplan: 'billing change',
  cancel: 'cancellation',
  cancelimmediate: 'cancellation',
  cancelfee: 'cancellation',
  cancelinstanceprorate: 'cancellation',
  proratefeeswhencancel: 'cancellation',
  extendterm: 'term extension',
  customercredit: 'credit',
  offsetalineitem: 'credit',
};

/**
 * What a customer statement says of each detail line of a product: its transaction type ("cycle fee"), and where two
 * of the product's lines share it (a renewal at a new price beside the recurring charge), what set them apart, so the
 * customer does not see the same product twice at two prices without a word why.
 */
export function statementDetails(details: readonly ReportDetail[]): string[] {
  const count = (pick: (detail: ReportDetail) => string) => {
    const counts = new Map<string, number>();
    for (const detail of details) counts.set(pick(detail), (counts.get(pick(detail)) ?? 0) + 1);
    return counts;
  };
  const wordsOf = (detail: ReportDetail) => CHARGE_TYPE_WORDS[chargeTypeKey(detail.chargeType)] ?? detail.chargeType;
  const typeAndWords = (detail: ReportDetail) => `${detail.transactionType}\u0000${wordsOf(detail)}`;
  const sameType = count((detail) => detail.transactionType);
  const sameWords = count(typeAndWords);
  return details.map((detail) => {
    if (sameType.get(detail.transactionType) === 1) return detail.transactionType;
    // Two spellings of one kind of charge read alike in words: Microsoft's own names tell them apart.
    const words = sameWords.get(typeAndWords(detail)) === 1 ? wordsOf(detail) : detail.chargeType;
    return `${detail.transactionType} (${words})`;
  });
}

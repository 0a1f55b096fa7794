// Operations that move money or cannot be undone: asked for on a terminal, refused elsewhere unless `--yes`.
import { CliError, EXIT } from '../output.js';

type Params = Record<string, unknown>;

/** `provider resource.method` → the question that says what will happen. */
const COSTLY: Record<string, (params: Params) => string> = {
  'misoca invoices.sendByPostalMail': (p) =>
    `Send invoice ${String(p.id)} by postal mail (this costs money and cannot be undone)?`,
  'helloasso payments.refund': (p) =>
    `Refund ${p.amount ? `${String(p.amount)} cents of` : 'all of'} payment ${String(p.paymentId)}` +
    `${p.cancelOrder === true ? ' and cancel its order' : ''} (the money goes back to the payer)?`,
  'helloasso orders.cancel': (p) =>
    `Cancel order ${String(p.orderId)} (its future installments will not be collected)?`,
};

/** Whether `provider`'s operation `name` (`invoices.sendByPostalMail`) needs a confirmation. */
export function isCostly(provider: string, name: string): boolean {
  return `${provider} ${name}` in COSTLY;
}

/**
 * Gets consent for a costly operation before anything is sent: `--yes`, or a yes on a terminal
 * (stdin and stderr); without a terminal it is refused (exit 2). Misoca's SDK is then given
 * `confirm: true`, which it requires for the postal mailing.
 */
export async function confirmCostly(
  provider: string,
  name: string,
  params: Params,
  yes: boolean,
): Promise<void> {
  const question = COSTLY[`${provider} ${name}`];
  if (question === undefined) return;
  if (!yes) {
    if (!process.stdin.isTTY || !process.stderr.isTTY) {
      throw new CliError(
        `${provider} ${name} was not sent: it needs a confirmation and there is no terminal to ask on`,
        'pass --yes to confirm it',
        EXIT.usage,
      );
    }
    const { confirm, isCancel } = await import('@clack/prompts');
    const answer = await confirm({ message: question(params), initialValue: false, output: process.stderr });
    if (isCancel(answer) || answer !== true) {
      throw new CliError(`${provider} ${name} was not confirmed: nothing was sent`, undefined, EXIT.error);
    }
  }
  if (provider === 'misoca') params.confirm = true;
}

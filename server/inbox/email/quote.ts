/**
 * The new part of an e-mail reply: everything above the quoted earlier message. Mail clients
 * mark the quote differently — an "On … wrote:" line (in the five languages the Messenger
 * speaks and those clients print), an Outlook "Original Message" or "From:" block, or a run of
 * `>` lines — so the first of those that follows some text ends the reply. A signature after
 * "-- " goes too. A message that is nothing but a quote is kept whole rather than emptied.
 */
const QUOTE_HEADERS = [
  /^on\b.{0,300}\bwrote:?$/i, // Gmail, Apple Mail, Thunderbird (the line may wrap; see below)
  /^-{2,}\s*(original message|forwarded message|исходное сообщение|пересылаемое сообщение|原始邮件|原始郵件)\s*-{2,}$/i,
  /^(from|от|从|寄件者|发件人|жіберуші|кімнен):\s.+/i, // Outlook's header block
  /^.{0,300}(пишет|написал|написала|写道|寫道|жазды)[:：]\s*$/i,
  /^_{10,}$/, // Outlook's rule above its header block
];
const SIGNATURE = /^-- ?$/;

export function stripQuotedReply(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    const joined = `${line} ${lines[i + 1]?.trim() ?? ''}`.trim();
    const header = QUOTE_HEADERS.some((re) => re.test(line)) || (/^on\b/i.test(line) && QUOTE_HEADERS[0]!.test(joined));
    if (header || SIGNATURE.test(lines[i]!) || (line.startsWith('>') && lines.slice(i).every((l) => l.trim() === '' || l.trim().startsWith('>')))) {
      end = i;
      break;
    }
  }
  const reply = lines.slice(0, end).join('\n').trim();
  return reply || text.trim();
}

import { arrAt, asText, capitalize, field, isObj, objAt, quote, strAt, whoIs, type Obj } from './read';

/** How chat events read in a sentence ("sent a file in chat PJ0MRSHTDG: image25.png"). */

const NOUN: Readonly<Record<string, string>> = {
  message: 'a message',
  file: 'a file',
  rich_message: 'a rich message',
  filled_form: 'a filled form',
  form: 'a form',
  system_message: 'a system message',
  custom: 'a custom event',
  system: 'a system event',
};

function eventNoun(event: Obj | undefined): string {
  const type = strAt(event, 'type', 40);
  if (type === undefined) return 'an event';
  return Object.hasOwn(NOUN, type) ? NOUN[type]! : `a "${type}" event`;
}

/** What to show after the sentence: the text, the file name, the template, the form type. */
function eventDetail(event: Obj | undefined): string | undefined {
  switch (strAt(event, 'type', 40)) {
    case 'message':
    case 'system_message':
      return quote(asText(field(event, 'text'), 1000));
    case 'file':
      return strAt(event, 'name', 80) ?? strAt(event, 'url', 120);
    case 'rich_message': {
      const title = strAt(arrAt(event, 'elements')?.find(isObj), 'title', 80);
      return title !== undefined ? quote(title) : strAt(event, 'template_id', 40);
    }
    case 'filled_form':
      return strAt(event, 'form_type', 40);
    case 'system':
      return strAt(event, 'subtype', 80);
    default:
      return undefined;
  }
}

const inChat = (chatId: string | undefined): string => (chatId === undefined ? '' : ` in chat ${chatId}`);
const withDetail = (sentence: string, detail: string | undefined): string => (detail === undefined ? sentence : `${sentence}: ${detail}`);

/** incoming_event: "Agent smith@example.com sent a message in chat PJ0MRSHTDG: "Hi Thomas…"". */
export function incomingEventText(event: Obj | undefined, chatId: string | undefined): string {
  const type = strAt(event, 'type', 40);
  const detail = eventDetail(event);
  if (type === 'system_message' || type === 'system') {
    return withDetail(`${capitalize(eventNoun(event))} arrived${inChat(chatId)}`, detail);
  }
  const author = strAt(event, 'author_id');
  const who = author === undefined ? 'Someone' : capitalize(whoIs(author));
  const verb = type === 'filled_form' ? 'submitted' : 'sent';
  return withDetail(`${who} ${verb} ${eventNoun(event)}${inChat(chatId)}`, detail);
}

/** event_updated: "A message by agent smith@example.com in chat PJ0MRSHTDG was updated: "…"". */
export function updatedEventText(event: Obj | undefined, chatId: string | undefined): string {
  const author = strAt(event, 'author_id');
  const by = author === undefined ? '' : ` by ${whoIs(author)}`;
  return withDetail(`${capitalize(eventNoun(event))}${by}${inChat(chatId)} was updated`, eventDetail(event));
}

/** The first message of a chat's opening thread, for incoming_chat. Looks at the first few events only. */
export function firstMessageText(chat: Obj | undefined): string | undefined {
  const events = arrAt(objAt(chat, 'thread'), 'events');
  if (events === undefined) return undefined;
  for (let i = 0; i < events.length && i < 20; i++) {
    const e = events[i];
    if (isObj(e) && field(e, 'type') === 'message') return quote(asText(field(e, 'text'), 1000));
  }
  return undefined;
}

import type { MessengerLocale } from '../../../contracts/messenger.ts';

/** The picker's words: it runs for the admin, in the page's Baton locale. */
const en = {
  hint: 'Click the element to anchor to. Esc cancels.',
  picked: 'Sent to the builder: {selector}',
  noOpener: 'Picked (copy it into the builder): {selector}',
  none: 'No selector matches only this element: pick another one.',
  cancel: 'Cancel',
} as const;

export type PickerKey = keyof typeof en;

export const pickerDictionaries: Record<MessengerLocale, Record<PickerKey, string>> = {
  en,
  'zh-Hans': { hint: '点击要锚定的元素。按 Esc 取消。', picked: '已发送到编辑器：{selector}', noOpener: '已选取（请复制到编辑器）：{selector}', none: '没有只匹配此元素的选择器，请选择其他元素。', cancel: '取消' },
  'zh-Hant': { hint: '點擊要錨定的元素。按 Esc 取消。', picked: '已傳送到編輯器：{selector}', noOpener: '已選取（請複製到編輯器）：{selector}', none: '沒有只符合此元素的選擇器，請選擇其他元素。', cancel: '取消' },
  ru: { hint: 'Щёлкните элемент для привязки. Esc — отмена.', picked: 'Отправлено в конструктор: {selector}', noOpener: 'Выбрано (скопируйте в конструктор): {selector}', none: 'Ни один селектор не выделяет только этот элемент: выберите другой.', cancel: 'Отмена' },
  kk: { hint: 'Байланыстыратын элементті басыңыз. Esc — бас тарту.', picked: 'Құрастырушыға жіберілді: {selector}', noOpener: 'Таңдалды (құрастырушыға көшіріңіз): {selector}', none: 'Тек осы элементке сәйкес селектор жоқ: басқасын таңдаңыз.', cancel: 'Бас тарту' },
};

export function pickerText(locale: MessengerLocale, key: PickerKey, selector = ''): string {
  return (pickerDictionaries[locale] ?? en)[key].replace('{selector}', selector);
}

import { detectLanguage } from './language';

describe('detectLanguage', () => {
  it.each([
    ['What is the capital of France and how big is it?', 'en'],
    ['Write me a function that sorts this list', 'en'],
    ['dime que es lo mejor para el desayuno de los niños', 'es'],
    ['que es lo mejor para el desayuno de los ninos', 'es'],
    ['Comment est-ce que je peux traduire cette phrase pour vous dans le texte', 'fr'],
    ['Wie ist das Wetter und was ist nicht gut für mich', 'de'],
    ['Hoe is het weer en wat is niet goed voor mij', 'nl'],
    ['これは日本語の文章です', 'ja'],
    ['这是一个中文句子', 'zh'],
    ['Как дела у тебя сегодня', 'ru'],
    ['Καλημέρα σας', 'el'],
    ['SELECT id FROM jobs', 'en'],
    ['12345 + 678 = ?', 'und'],
  ])('%s -> %s', (text, tag) => {
    expect(detectLanguage(text)).toBe(tag);
  });
});

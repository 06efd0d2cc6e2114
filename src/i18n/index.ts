import { Lang } from '../config/config';
import { en } from './en';
import { Messages } from './messages';
import { zh } from './zh';

export const messagesFor = (lang: Lang): Messages => (lang === 'zh' ? zh : en);
export type { Messages };

// Chinese-style street names from two small syllable lists: arterials "XX路" (with 北/中/南 or
// 东/西 parts), local streets "XX街" / "XX巷", bridges "XX大桥". Bases are drawn without
// repetition in a seeded order; once all pairs are used an ordinal is added ("新安二巷").

import type { Random } from '../../random.ts';

const FIRST = [
  '列', '新', '富', '崇', '梅', '江', '青', '碧', '徐', '荆', '沙', '岩', '凤', '乾', '台', '翠',
  '白', '绿', '红', '群', '建', '和', '永', '长', '福', '文', '工', '高', '金', '玉', '锦', '龙',
  '华', '东', '西', '南', '北', '上', '下', '中',
];
const SECOND = [
  '东', '西', '安', '兴', '桂', '岭', '滨', '山', '湖', '溪', '前', '岗', '龙', '江', '竹', '沙',
  '园', '英', '平', '乐', '德', '明', '农', '林', '泉', '桥', '洋', '坊', '田', '华', '丰', '源',
  '阳', '光', '城', '秀', '峰', '宁', '市', '口',
];
const ORDINAL = ['二', '三', '四', '五', '六', '七', '八', '九', '十'];

export interface NameSource {
  /** a fresh two-character base, e.g. "新安" */
  base(): string;
}

export function createNameSource(rng: Random): NameSource {
  const pairs: string[] = [];
  for (const a of FIRST) for (const b of SECOND) if (a !== b) pairs.push(a + b);
  rng.shuffle(pairs);
  let i = 0;
  return {
    base() {
      const round = Math.floor(i / pairs.length);
      const name = pairs[i % pairs.length];
      i++;
      if (round === 0) return name;
      const ord = round - 1 < ORDINAL.length ? ORDINAL[round - 1] : String(round + 1);
      return name + ord;
    },
  };
}

/** Word lists for Misoca's seeded data (Japanese business names, people and addresses). */
export const COMPANY_STEMS = [
  'さくら商事',
  '青空デザイン',
  '富士山テクノロジー',
  '山田製作所',
  '北斗物産',
  '東京ロジスティクス',
  'みどり農園',
  '大和建設',
  '光陽システムズ',
  '浪速フーズ',
  '朝日印刷',
  '瀬戸内マリン',
] as const;

/** Seed vocabulary: company ruby. */
export const COMPANY_RUBY = [
  'さくらしょうじ',
  'あおぞらでざいん',
  'ふじさんてくのろじー',
  'やまだせいさくしょ',
  'ほくとぶっさん',
  'とうきょうろじすてぃくす',
  'みどりのうえん',
  'やまとけんせつ',
  'こうようしすてむず',
  'なにわふーず',
  'あさひいんさつ',
  'せとうちまりん',
] as const;

/** Seed vocabulary: family names. */
export const FAMILY_NAMES = [
  '佐藤',
  '鈴木',
  '高橋',
  '田中',
  '伊藤',
  '渡辺',
  '山本',
  '中村',
  '小林',
  '加藤',
] as const;
/** Seed vocabulary: given names. */
export const GIVEN_NAMES = [
  '太郎',
  '花子',
  '健一',
  '美咲',
  '大輔',
  '陽菜',
  '翔太',
  '結衣',
  '誠',
  '彩',
] as const;
/** Seed vocabulary: departments. */
export const DEPARTMENTS = ['経理部', '総務部', '営業部', '購買部', '管理部'] as const;

/** Seed vocabulary: addresses. */
export const ADDRESSES = [
  { zip: '100-0005', address1: '東京都千代田区丸の内1-1-1', address2: '丸の内ビル8F' },
  { zip: '530-0001', address1: '大阪府大阪市北区梅田2-4-9', address2: 'ブリーゼタワー12F' },
  { zip: '460-0008', address1: '愛知県名古屋市中区栄3-5-12', address2: '' },
  { zip: '810-0001', address1: '福岡県福岡市中央区天神1-7-11', address2: 'イムズ5F' },
  { zip: '060-0042', address1: '北海道札幌市中央区大通西4-1', address2: '' },
  { zip: '980-0021', address1: '宮城県仙台市青葉区中央1-3-1', address2: 'AER 20F' },
  { zip: '700-0024', address1: '岡山県岡山市北区駅元町1-1', address2: '' },
  { zip: '900-0015', address1: '沖縄県那覇市久茂地3-1-1', address2: '' },
] as const;

/** Seed vocabulary: item catalogue. */
export const ITEM_CATALOGUE = [
  { name: 'Webサイト制作', unit_name: '式', price: 300000 },
  { name: 'ロゴデザイン', unit_name: '点', price: 80000 },
  { name: '保守サポート（月額）', unit_name: '月', price: 30000 },
  { name: 'コンサルティング', unit_name: '時間', price: 15000 },
  { name: 'A4チラシ印刷', unit_name: '枚', price: 12 },
  { name: '名刺印刷', unit_name: '箱', price: 2200 },
  { name: '有機野菜セット', unit_name: '箱', price: 3240 },
  { name: '出張費', unit_name: '回', price: 5000 },
  { name: 'サーバー利用料', unit_name: '月', price: 9800 },
  { name: '撮影費', unit_name: '日', price: 60000 },
] as const;

/** Seed vocabulary: subjects. */
export const SUBJECTS = [
  '月額保守費用',
  'Webサイトリニューアル',
  '印刷物一式',
  '業務委託費',
  'イベント運営費',
  '定期配送',
] as const;

/** Seed vocabulary: the notes (備考) a sender typically prints on each kind of document. */
export const NOTES = {
  invoice: 'お振込手数料は貴社にてご負担くださいますようお願いいたします。',
  estimate: '本見積書の有効期限は発行日より30日間です。納期は別途ご相談ください。',
  delivery_slip: '商品到着後、内容をご確認ください。不備がございましたら7日以内にご連絡ください。',
} as const;

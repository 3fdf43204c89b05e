/** Word lists for the demo organisation (invented companies and people). */

export const ACCOUNT_PARTS = {
  cities: ['上海', '杭州', '苏州', '南京', '宁波', '深圳', '广州', '东莞', '佛山', '成都', '武汉', '合肥', '无锡', '厦门'],
  words: ['恒瑞', '云启', '华信', '天成', '博远', '鼎盛', '瑞丰', '远航', '中科', '海纳', '金桥', '新域', '智联', '同创', '正泰', '明达', '启明', '长风'],
  industries: [['科技', '软件与信息服务'], ['精密机械', '制造业'], ['医疗器械', '医疗'], ['物流', '物流'], ['食品', '快消'], ['建材', '建筑建材'], ['教育科技', '教育'], ['环保科技', '环保']] as [string, string][],
};

export const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '林'];
export const GIVEN_NAMES = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '勇', '军', '杰', '涛', '明', '超', '霞', '平', '刚', '丽', '强'];

export const CONTACT_TITLES: Record<string, string[]> = {
  decision_maker: ['总经理', '董事长', '副总裁'],
  influencer: ['IT 总监', '销售总监', '财务总监'],
  user: ['销售主管', '运营经理', '区域经理'],
  gatekeeper: ['采购经理', '总经理助理'],
  champion: ['信息化负责人', '销售运营经理'],
  blocker: ['财务总监', '法务经理'],
};

export const PRODUCTS = [
  { name: '台账标准版（年/用户）', sku: 'TZ-STD', price: 120_000, unit: 'user' },
  { name: '台账专业版（年/用户）', sku: 'TZ-PRO', price: 240_000, unit: 'user' },
  { name: '实施服务（人天）', sku: 'SV-IMP', price: 200_000, unit: 'day' },
  { name: '数据迁移服务', sku: 'SV-MIG', price: 1_500_000, unit: 'item' },
  { name: '培训（场）', sku: 'SV-TRN', price: 500_000, unit: 'item' },
  { name: '定制开发（人天）', sku: 'SV-DEV', price: 250_000, unit: 'day' },
  { name: '企业微信集成', sku: 'INT-WECOM', price: 2_000_000, unit: 'item' },
  { name: '钉钉集成', sku: 'INT-DING', price: 2_000_000, unit: 'item' },
];

export const VERBATIMS = [
  '我们今年的预算已经批了，主要看你们的交付周期。',
  '价格比另一家高了15%，老板觉得有点贵。',
  '技术部门对接口方案还有顾虑，希望你们派工程师来现场讲一下。',
  '下周三我们总经理在，可以一起开个会。',
  '合同条款法务还在看，付款方式希望改成分三期。',
  '现在大家用Excel记台账，更新太麻烦，经常滞后。',
  '试用了两周，业务员反馈录入挺快的。',
  '年底前必须上线，时间比较急。',
  '暂时没有预算，明年一季度再看看。',
  '竞品给了免费试用三个月，你们能不能也给？',
  '采购流程需要三家比价，请尽快发正式报价。',
  '决策人换了，新来的副总还不了解我们的方案。',
  '老板说方向没问题，就是担心员工不愿意用。',
  '财务那边希望回款数据能直接对上合同。',
  'We need the quote by Friday; the CFO signs off next week.',
];

export const SUMMARIES = ['客户认可方案，卡在价格', '需要技术交流打消顾虑', '决策链已摸清，总经理拍板', '竞品压价，需要特价审批', '客户内部推动顺利'];
export const NEXT_STEPS = ['发送正式报价单', '安排技术交流会', '提交合同草案', '邀请客户参观样板客户', '申请特价审批', '电话确认预算', '约总经理见面', '发送案例资料'];
export const RESOURCES = ['技术支持', '方案', '报价审批', '演示环境', '法务'];

// Chinese first, English second: every visible string goes through t().
// The choice is kept in localStorage; elements with data-i18n are refreshed
// when the language changes.
const dict = {
  'app.name': ['社区防控', 'Community prevention'],
  'nav.dashboard': ['概览', 'Dashboard'],
  'nav.residents': ['居民', 'Residents'],
  'nav.import': ['导入', 'Import'],
  'nav.logout': ['退出', 'Log out'],
  'login.title': ['登录', 'Log in'],
  'login.username': ['用户名', 'Username'],
  'login.password': ['密码', 'Password'],
  'login.submit': ['登录', 'Log in'],
  'login.failed': ['用户名或密码错误', 'Wrong username or password'],
  'login.throttled': ['尝试次数过多，请稍后再试', 'Too many attempts, try again later'],
  'login.expired': ['登录已过期，请重新登录', 'Your session expired, please log in again'],
  'colour.red': ['红', 'Red'],
  'colour.orange': ['橙', 'Orange'],
  'colour.yellow': ['黄', 'Yellow'],
  'colour.green': ['绿', 'Green'],
  'colour.blue': ['蓝', 'Blue'],
  'colour.purple': ['紫', 'Purple'],
  'colour.red.hint': ['发热/疑似/确诊', 'fever, suspected, confirmed'],
  'colour.orange.hint': ['隔离观察中', 'in quarantine'],
  'colour.yellow.hint': ['境外返沪14天内', 'from abroad, < 14 days'],
  'colour.green.hint': ['一直在沪或返沪满14天', 'stayed, or back 14+ days'],
  'colour.blue.hint': ['外省返沪14天内', 'from elsewhere in China, < 14 days'],
  'colour.purple.hint': ['外出未返', 'away'],
  'dash.total': ['居民总数', 'Residents'],
  'dash.today': ['今日变化', 'Today'],
  'dash.trend': ['近30天', 'Last 30 days'],
  'dash.children': ['下级单位', 'Units below'],
  'dash.unit': ['单位', 'Unit'],
  'dash.live': ['实时', 'Live'],
  'dash.updated': ['更新于', 'Updated'],
  'dash.compounds': ['小区', 'Compounds'],
  'dash.map': ['六色图', 'Six-colour map'],
  'dash.export': ['导出 Excel', 'Export to Excel'],
  'level.1': ['市', 'City'],
  'level.2': ['区', 'District'],
  'level.3': ['街道/镇', 'Street/town'],
  'level.4': ['居委会/村', 'Committee'],
  'level.5': ['网格', 'Grid'],
  'err.network': ['网络错误，正在重试…', 'Network error, retrying…'],
  'err.notfound': ['不存在或无权查看', 'Not found or not in your jurisdiction'],
  'err.generic': ['出错了', 'Something went wrong'],
  'map.print': ['打印六色图 (A4)', 'Print wall chart (A4)'],
  'map.households': ['户', 'households'],
  'room.title': ['{0} 室', 'Room {0}'],
  'room.empty': ['该户暂无登记居民', 'Nobody registered in this room'],
  'room.record': ['登记新情况', 'Record a new fact'],
  'room.history': ['历史', 'History'],
  'presence.in': ['在沪', 'in the city'],
  'presence.away': ['外出未返', 'away'],
  'facts.arrived': ['返沪', 'arrived'],
  'facts.abroad': ['境外', 'from abroad'],
  'quarantine.none': ['无隔离', 'no quarantine'],
  'quarantine.home': ['居家隔离', 'home quarantine'],
  'quarantine.central': ['集中隔离', 'central quarantine'],
  'health.normal': ['健康', 'normal'],
  'health.fever': ['发热', 'fever'],
  'health.suspected': ['疑似', 'suspected'],
  'health.confirmed': ['确诊', 'confirmed'],
  'health.recovered': ['已康复', 'recovered'],
  'form.kind': ['登记内容', 'What to record'],
  'form.quarantine': ['隔离', 'Quarantine'],
  'form.health': ['健康状况', 'Health'],
  'form.arrival': ['返沪', 'Arrival'],
  'form.presence': ['在沪情况', 'Presence'],
  'form.qkind': ['隔离方式', 'Kind'],
  'form.from': ['开始日期', 'From'],
  'form.until': ['结束日期', 'Until'],
  'form.until.hint': ['默认14天', 'default 14 days'],
  'form.date': ['返沪日期', 'Date'],
  'form.origin': ['来源地', 'Origin'],
  'form.save': ['保存', 'Save'],
  'res.search': ['姓名、证件号或手机号', 'Name, ID or phone number'],
  'res.colour': ['颜色', 'Colour'],
  'res.all': ['全部', 'All'],
  'res.more': ['更多', 'More'],
  'res.none': ['没有符合条件的居民', 'No residents match'],
  'res.address': ['地址', 'Address'],
  'res.name': ['姓名', 'Name'],
  'res.doc': ['证件号码', 'Document'],
  'res.phone': ['手机号', 'Phone'],
  'imp.title': ['导入居民表 (CSV)', 'Import residents (CSV)'],
  'imp.hint': ['Excel 或 WPS 另存为 CSV（UTF-8 或 GB18030）。有错误的行会逐行列出，全部正确才会写入。', 'Save from Excel or WPS as CSV (UTF-8 or GB18030). Bad rows are listed one by one; nothing is written unless every row is right.'],
  'imp.committee': ['居委会', 'Committee'],
  'imp.file': ['文件', 'File'],
  'imp.skip': ['跳过错误行，只导入正确的行', 'Skip bad rows and import the good ones'],
  'imp.go': ['导入', 'Import'],
  'imp.done': ['已导入 {0} 行：新增 {1}，更新 {2}', 'Imported {0} rows: {1} new, {2} updated'],
  'imp.bad': ['{0} 行有错误，未写入任何数据', '{0} rows are bad; nothing was written'],
  'imp.line': ['行', 'Line'],
  'imp.column': ['列', 'Column'],
  'imp.reason': ['原因', 'Reason'],
  'imp.uploading': ['上传中…', 'Uploading…'],
  'common.loading': ['加载中…', 'Loading…'],
  'common.none': ['无', 'None'],
};

let lang = localStorage.getItem('cordon.lang') || 'zh';

export function t(key, ...args) {
  const e = dict[key];
  let s = e ? e[lang === 'en' ? 1 : 0] : key;
  args.forEach((a, i) => { s = s.replace(`{${i}}`, a); });
  return s;
}

export function getLang() { return lang; }

export function setLang(l) {
  lang = l === 'en' ? 'en' : 'zh';
  localStorage.setItem('cordon.lang', lang);
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
  applyStatic();
}

// Fills every element carrying data-i18n with its text.
export function applyStatic(root = document) {
  root.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
}

export function fmtNumber(n) {
  return new Intl.NumberFormat(lang === 'en' ? 'en' : 'zh-CN').format(n);
}

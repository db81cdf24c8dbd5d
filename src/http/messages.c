/*
 * The API's sentences in Chinese and English, as data: one table of error
 * codes (a row may be specific to a field: bad_length of a phone is not
 * bad_length of an ID number) and one of field labels, and the rewriting
 * of an error body for the request's language (see messages.h). The codes
 * and fields stay as the server sends them; only `message` changes.
 */
#include "http/messages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct msg_row {
    const char *code;
    const char *field; /* NULL: any field */
    const char *text[2];
};

/* clang-format off */
static const struct msg_row codes[] = {
    {"missing", "reason", {"请填写查看原因", "give a reason for seeing the full details"}},
    {"missing", NULL, {"必须填写", "is required"}},
    {"empty", NULL, {"不能为空", "must not be empty"}},
    {"bad_value", NULL, {"取值不对", "has a value that is not allowed"}},
    {"unknown_value", NULL, {"不是可选的值", "is not one of the allowed values"}},
    {"bad_type", NULL, {"类型不对", "has the wrong type"}},
    {"too_long", "reason", {"原因太长（最多100个字）", "the reason is too long (100 characters at most)"}},
    {"too_long", NULL, {"太长", "is too long"}},
    {"out_of_range", "until", {"截止日期应在昨天至一年内", "must be from yesterday to a year from now"}},
    {"out_of_range", NULL, {"超出允许范围", "is out of range"}},
    {"inconsistent", "until", {"截止日期早于开始日期", "ends before it starts"}},
    {"inconsistent", NULL, {"与其他填写内容矛盾", "contradicts another field"}},
    {"bad_date", NULL, {"日期格式不对，请写成 2020-03-09", "not a date: write it as 2020-03-09"}},
    {"bad_date_format", NULL, {"日期格式不对，请写成 2020-03-09", "not a date: write it as 2020-03-09"}},
    {"no_such_date", NULL, {"日历上没有这一天", "no such day in the calendar"}},
    {"year_out_of_range", NULL, {"年份应在1900至2200之间", "the year must be between 1900 and 2200"}},
    {"future_date", NULL, {"日期不能晚于今天", "must not be after today"}},
    {"bad_length", "phone", {"手机号应为11位", "a mobile number has 11 digits"}},
    {"bad_length", "doc_no", {"证件号码长度不对（身份证18位）", "wrong length (an ID number has 18 characters)"}},
    {"bad_length", NULL, {"长度不对", "has the wrong length"}},
    {"bad_char", "phone", {"手机号只能包含数字", "a phone number has only digits"}},
    {"bad_char", NULL, {"含有不允许的字符", "contains characters that are not allowed"}},
    {"bad_check_digit", NULL, {"校验位不对，请核对号码", "the check digit does not match: check the number"}},
    {"id_as_number", NULL, {"身份证号已被 Excel 变成数字，末几位已丢失：请把该列设为文本后重新输入", "Excel has turned the ID number into a number and lost its last digits: set the column to text and re-enter"}},
    {"bad_province", NULL, {"身份证号前两位不是省份代码", "the first two digits are not a province code"}},
    {"bad_birth_date", NULL, {"身份证号中的出生日期不对", "the birth date in the ID number is wrong"}},
    {"birth_in_future", NULL, {"身份证号中的出生日期晚于今天", "the birth date in the ID number is in the future"}},
    {"bad_doc_type", NULL, {"证件类型不对", "unknown document type"}},
    {"not_mobile", NULL, {"手机号应以13至19开头", "a mobile number starts with 13 to 19"}},
    {"not_mainland", NULL, {"只接受中国大陆（+86）手机号", "only mainland China (+86) numbers are accepted"}},
    {"bad_temperature", NULL, {"体温应为摄氏度数，最多一位小数", "a temperature in °C with at most one decimal"}},
    {"impossible_temperature", NULL, {"体温应在34.0至43.0℃之间", "must be between 34.0 and 43.0 °C"}},
    {"bad_code", NULL, {"代码不对", "is not a valid code"}},
    {"bad_id", NULL, {"编号不对", "is not an id"}},
    {"bad_number", NULL, {"应为数字", "must be a number"}},
    {"duplicate", NULL, {"与已有记录重复", "duplicates an existing record"}},
    {"registered_elsewhere", NULL, {"此人已在其他居委会登记", "registered in another committee"}},
    {"unknown_committee", NULL, {"没有这个居委会", "no such committee"}},
    {"other_committee", NULL, {"不属于本居委会", "belongs to another committee"}},
    {"unknown_grid", NULL, {"没有这个网格", "no such grid"}},
    {"extra_field", NULL, {"多出的一列", "an extra column"}},
    {"unknown_field", NULL, {"不认识的字段", "is not a known field"}},
    {"unknown_parameter", NULL, {"不认识的查询参数", "is not a known query parameter"}},
    {"not_found", NULL, {"没有找到，或不在您的管辖范围内", "not found, or outside your area"}},
    {"forbidden", NULL, {"您的角色无权执行此操作", "your role may not do this"}},
    {"no_session", NULL, {"请先登录", "please log in"}},
    {"session_expired", NULL, {"登录已过期，请重新登录", "your session expired, please log in again"}},
    {"bad_credentials", NULL, {"用户名或密码错误", "wrong username or password"}},
    {"wrong_password", NULL, {"密码错误", "wrong password"}},
    {"account_disabled", NULL, {"账号已停用", "the account is disabled"}},
    {"password_change_required", NULL, {"请先修改密码", "change your password first"}},
    {"no_csrf", NULL, {"页面已过期，请刷新后重试", "the page is stale: reload and try again"}},
    {"bad_csrf", NULL, {"页面已过期，请刷新后重试", "the page is stale: reload and try again"}},
    {"throttled", NULL, {"尝试次数过多，请稍后再试", "too many attempts, try again later"}},
    {"rate_limited", NULL, {"请求过于频繁，请稍后再试", "too many requests, try again later"}},
    {"bad_state", NULL, {"当前状态下不能这样操作", "not possible in the current state"}},
    {"conflict", NULL, {"与他人同时修改，请刷新后重试", "changed by someone else: reload and try again"}},
    /* Quarantine from a fact (issue 13), supplies (issue 15), staff sent down (issue 14). */
    {"case_open", NULL, {"该居民已有进行中的隔离，请修改该隔离记录", "already in an open quarantine case: change that case"}},
    {"already_booked", NULL, {"本户已预约过本次物资", "this household has already booked"}},
    {"stock_gone", NULL, {"已约完，库存不足", "none left to book"}},
    {"window_closed", NULL, {"不在预约时间内", "outside the booking window"}},
    {"not_eligible", NULL, {"本户不在本次发放范围内", "this household is not eligible"}},
    {"already_picked", NULL, {"已领取过，不能重复领取", "already collected"}},
    {"not_allocated", NULL, {"未中签或尚未分配，不能领取", "not allocated: nothing to collect"}},
    {"bad_code", "code", {"取货码不对，请核对后重输", "not a pickup code: check and type it again"}},
    /* Supplies, the rest (issue 15): pickup windows, point hours, daily stock. */
    {"pickup_lapsed", NULL, {"已过领取期限，物资已退回", "the pickup window has ended: the box went back"}},
    {"point_closed", NULL, {"领取点现在不营业，请在营业时间内领取", "the pickup point is closed now"}},
    {"daily_stock_gone", NULL, {"该领取点今日已发完，请明天再来", "this point has handed out today's boxes: come back tomorrow"}},
    {"overlap", NULL, {"该人员在这段时间已有派驻", "already deployed on those days"}},
    {"not_deployed_here", NULL, {"未派驻到本岗位", "not deployed at this post"}},
    {"not_on_duty", NULL, {"今天不在派驻期内", "not on duty today"}},
    {"already_signed_in", NULL, {"已经签到", "already signed in"}},
    {"not_signed_in", NULL, {"尚未签到", "not signed in"}},
    /* Accounts that follow deployments (issue 14, x14). */
    {"account_expired", NULL, {"账号仅在派驻期内有效", "the account is valid only for its deployment's days"}},
    {"deployment_over", NULL, {"派驻已结束，不能再开账号", "the deployment has ended"}},
    {"has_account", NULL, {"该派驻已有账号", "the deployment already has an account"}},
    {"not_deployed", NULL, {"本账号没有派驻岗位", "this account is no deployed person's"}},
    {"lead_not_member", NULL, {"负责人须是队员之一", "the lead is one of the members"}},
    {"too_many", NULL, {"数量超过上限", "too many"}},
    /* Return to work (issue 16). */
    {"bad_transition", NULL, {"当前状态不能这样变更", "this status cannot follow the current one"}},
    {"not_yours", NULL, {"只能由街道审批，企业不能审批自己的申请", "only the street may do this"}},
    {"above_staff", NULL, {"在岗人数不能超过员工总数", "more on site than the enterprise employs"}},
    {"not_open", NULL, {"未复工的企业没有在岗人数", "staff on site only while open"}},
    {"day_passed", NULL, {"不能修改以往日期的状态", "a past day cannot be changed"}},
    /* Returning staff handed over to their home committees (issue 16, R16). */
    {"unknown_committee", NULL, {"不是本市的居委会", "not a committee of the city"}},
    {"inside_city", NULL, {"只登记从外地返回的员工", "only staff returning from outside the city"}},
    {"only_applied", NULL, {"防控清单和返岗人员随复工申请提交", "comes with an application"}},
    /* Return to work, the rest (issue 16, X16): resume-together groups. */
    {"group_waiting", NULL, {"同步复工组内还有企业未获批准，暂不能复工", "its resume-together group is not all approved yet"}},
    {"in_group", NULL, {"该企业已在另一个同步复工组中", "already in a resume-together group"}},
    {"too_few", NULL, {"同步复工组至少要有两家企业", "a group needs at least two enterprises"}},
    {"too_many", NULL, {"数量超出上限", "too many"}},
    {"not_a_building", NULL, {"只在园区或楼宇门口登记进入", "entries are at a park or office building"}},
    {"mixed_streets", NULL, {"同步复工组的企业须属于同一街道", "the members must be of one street"}},
    {"in_use", NULL, {"仍在使用中，不能删除", "still in use"}},
    {"not_routed", NULL, {"尚未转派", "not routed yet"}},
    {"accepted", NULL, {"已经接收", "already accepted"}},
    {"bad_json", NULL, {"请求内容格式不对", "the request is not valid JSON"}},
    {"bad_encoding", NULL, {"文件编码无法识别，请存为 UTF-8 或 GBK", "unknown encoding: save as UTF-8 or GBK"}},
    {"bad_file", NULL, {"文件无法读取", "the file cannot be read"}},
    {"empty_file", NULL, {"文件是空的", "the file is empty"}},
    {"too_large", NULL, {"数据太多，请选择更小的单位，或用命令行 cordon export 导出", "too much: choose a smaller unit, or use `cordon export`"}},
    {"body_too_large", NULL, {"上传内容太大", "the upload is too large"}},
    {"unsupported_media_type", NULL, {"上传内容类型不对", "unsupported content type"}},
    {"method_not_allowed", NULL, {"不支持此操作", "method not allowed"}},
    {"request_timeout", NULL, {"请求超时，请重试", "the request timed out, try again"}},
    {"busy", NULL, {"服务器繁忙，请稍后重试", "the server is busy, try again"}},
    {"db_unavailable", NULL, {"服务器繁忙，请稍后重试", "the server is busy, try again"}},
    /* hardening (issue 17) */
    {"db_full", NULL, {"数据库已满，暂时无法保存，请联系管理员", "the database is full: nothing can be saved, tell the administrator"}},
    {"db_readonly", NULL, {"数据库只读，暂时无法保存，请联系管理员", "the database is read-only: nothing can be saved, tell the administrator"}},
    {"search_restricted", NULL, {"只能按地址、姓氏或完整的身份证号/手机号查找", "search by an address, the first character of a name, or a whole ID or phone number"}},
    {"bad_utf8", NULL, {"含有无效的字符编码（应为 UTF-8）", "holds invalid UTF-8"}},
    {"export_failed", NULL, {"导出失败，请稍后重试", "the export failed, try again"}},
    {"wallchart_failed", NULL, {"挂图生成失败，请稍后重试", "the wall chart failed, try again"}},
    {"bad_rules", NULL, {"规则表有误", "the rule table is invalid"}},
    /* The big screen (issue 13). */
    {"display_only", NULL, {"大屏令牌只能查看大屏", "a display token opens only its big screen"}},
    {"display_revoked", NULL, {"大屏令牌已失效，请重新生成", "this display token was revoked: issue a new one"}},
    {"bad_level", "unit", {"大屏只能绑定居委会或以上的单位", "a display shows a committee or a unit above one"}},
};

static const struct msg_row labels[] = {
    {"", "reason", {"查看原因", "Reason"}},
    {"", "name", {"姓名", "Name"}},
    {"", "phone", {"手机号", "Phone"}},
    {"", "doc_no", {"证件号码", "Document number"}},
    {"", "doc_type", {"证件类型", "Document type"}},
    {"", "document", {"证件号码", "Document number"}},
    {"", "document_override", {"证件核验说明", "Document override"}},
    {"", "birth", {"出生日期", "Birth date"}},
    {"", "address", {"地址", "Address"}},
    {"", "compound", {"小区", "Compound"}},
    {"", "building", {"楼号", "Building"}},
    {"", "unit", {"单元/单位", "Unit"}},
    {"", "address.unit", {"单元", "Stairwell"}},
    {"", "room", {"室号", "Room"}},
    {"", "floor", {"楼层", "Floor"}},
    {"", "grid", {"网格", "Grid"}},
    {"", "committee", {"居委会", "Committee"}},
    {"", "street", {"街道", "Street"}},
    {"", "arrival", {"抵达信息", "Arrival"}},
    {"", "arrival.date", {"抵达日期", "Arrival date"}},
    {"", "arrival.origin", {"来源地", "Origin"}},
    {"", "arrival.abroad", {"是否境外", "From abroad"}},
    {"", "origin", {"来源地", "Origin"}},
    {"", "destination", {"目的地", "Destination"}},
    {"", "travel", {"出行信息", "Travel"}},
    {"", "quarantine", {"隔离", "Quarantine"}},
    {"", "quarantine.kind", {"隔离方式", "Quarantine kind"}},
    {"", "quarantine.from", {"隔离开始日期", "Quarantine start"}},
    {"", "quarantine.until", {"隔离截止日期", "Quarantine end"}},
    {"", "kind", {"类型", "Kind"}},
    {"", "from", {"开始日期", "Start"}},
    {"", "until", {"截止日期", "End"}},
    {"", "day", {"日期", "Day"}},
    {"", "deadline", {"截止时间", "Deadline"}},
    {"", "presence", {"在沪情况", "Presence"}},
    {"", "health", {"健康状况", "Health"}},
    {"", "temperature", {"体温", "Temperature"}},
    {"", "symptoms", {"症状", "Symptoms"}},
    {"", "title", {"标题", "Title"}},
    {"", "note", {"备注", "Note"}},
    {"", "urgent", {"紧急", "Urgent"}},
    {"", "assignee", {"负责人", "Assignee"}},
    {"", "responsible", {"负责人", "Responsible person"}},
    {"", "follower", {"跟进人", "Follower"}},
    {"", "household", {"住户", "Household"}},
    {"", "resident", {"居民", "Resident"}},
    {"", "place", {"场所", "Place"}},
    {"", "facility", {"隔离点", "Facility"}},
    {"", "post", {"道口/站点", "Checkpoint"}},
    {"", "slot", {"时段", "Slot"}},
    {"", "declaration", {"自主申报", "Declaration"}},
    {"", "org", {"单位", "Organisation"}},
    {"", "account", {"账号", "Account"}},
    {"", "username", {"用户名", "Username"}},
    {"", "password", {"密码", "Password"}},
    {"", "colour", {"颜色", "Colour"}},
    {"", "state", {"状态", "State"}},
    {"", "code", {"代码", "Code"}},
    {"", "id", {"编号", "Id"}},
    {"", "unmask", {"查看完整信息", "Unmask"}},
    {"", "cursor", {"分页位置", "Cursor"}},
    {"", "limit", {"每页条数", "Page size"}},
    {"", "q", {"搜索", "Search"}},
};
/* clang-format on */

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The q of one Accept-Language item ("zh-CN;q=0.8"): 1 when absent. */
static double item_q(const char *s, size_t n)
{
    for (size_t i = 0; i + 2 < n; i++)
        if (s[i] == ';' && (s[i + 1] == 'q' || s[i + 1] == 'Q') && s[i + 2] == '=')
            return atof(s + i + 3);
    return 1.0;
}

enum msg_lang msg_lang_of(const char *h)
{
    double best = 0.0;
    enum msg_lang lang = MSG_ZH;

    while (h && *h) {
        size_t n = strcspn(h, ",");
        const char *s = h + strspn(h, " \t");
        double q = item_q(h, n);

        if (q > best && strncasecmp(s, "zh", 2) == 0) {
            best = q;
            lang = MSG_ZH;
        } else if (q > best && strncasecmp(s, "en", 2) == 0) {
            best = q;
            lang = MSG_EN;
        }
        h += n + (h[n] == ',');
    }
    return lang;
}

static const char *last_part(const char *field)
{
    const char *dot = strrchr(field, '.');
    return dot ? dot + 1 : field;
}

const char *msg_field_label(const char *field, enum msg_lang lang)
{
    const char *tail;

    if (!field || !*field)
        return NULL;
    tail = last_part(field);
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < COUNT(labels); i++)
            if (strcmp(labels[i].field, pass ? tail : field) == 0)
                return labels[i].text[lang];
    return NULL;
}

/* The row for code, preferring one written for the field (or its tail). */
static const struct msg_row *code_row(const char *code, const char *field)
{
    const struct msg_row *any = NULL;
    const char *tail = field ? last_part(field) : "";

    for (size_t i = 0; i < COUNT(codes); i++) {
        if (strcmp(codes[i].code, code) != 0)
            continue;
        if (!codes[i].field) {
            if (!any)
                any = &codes[i];
        } else if (field &&
                   (strcmp(codes[i].field, field) == 0 || strcmp(codes[i].field, tail) == 0)) {
            return &codes[i];
        }
    }
    return any;
}

const char *msg_code_text(const char *code, enum msg_lang lang)
{
    const struct msg_row *r = code ? code_row(code, NULL) : NULL;
    return r ? r->text[lang] : NULL;
}

/* Chinese for a status whose code has no sentence of its own. */
static const char *status_text(int status)
{
    switch (status) {
    case 400:
    case 422:
        return "填写的内容有误";
    case 401:
        return "请先登录";
    case 403:
        return "您的角色无权执行此操作";
    case 404:
        return "没有找到，或不在您的管辖范围内";
    case 409:
        return "与已有记录冲突";
    case 429:
        return "请求过于频繁，请稍后再试";
    case 503:
        return "服务器繁忙，请稍后重试";
    default:
        return "服务器出错，请稍后重试";
    }
}

/* Sets obj.message for lang from its code and field (an import report's
 * row has no field: its column is shown beside it). English keeps the
 * server's own sentence, which names the value at fault. */
static void localise_one(json_t *obj, int status, enum msg_lang lang)
{
    const char *code = json_string_value(json_object_get(obj, "code"));
    const char *field = json_string_value(json_object_get(obj, "field"));
    const struct msg_row *r = code ? code_row(code, field) : NULL;
    const char *label = msg_field_label(field, lang);
    const char *text;
    char buf[512];

    if (lang == MSG_EN)
        return;
    text = r ? r->text[lang] : status_text(status);
    if (label)
        snprintf(buf, sizeof buf, lang == MSG_ZH ? "%s：%s" : "%s: %s", label, text);
    else
        snprintf(buf, sizeof buf, "%s", text);
    json_object_set_new(obj, "message", json_string(buf));
}

void msg_localise(struct http_response *res, enum msg_lang lang)
{
    json_t *body, *err, *rows, *row;
    size_t i;

    if (res->status < 400 || !res->body || !res->content_type ||
        strncmp(res->content_type, "application/json", 16) != 0)
        return;
    if (!(body = json_loadb(res->body, res->len, 0, NULL)))
        return;
    err = json_object_get(body, "error");
    rows = json_object_get(body, "errors");
    if (!json_is_object(err) && !json_is_array(rows)) {
        json_decref(body);
        return;
    }
    if (json_is_object(err))
        localise_one(err, res->status, lang);
    json_array_foreach(rows, i, row) if (json_is_object(row)) localise_one(row, 400, lang);
    http_reply_json(res, res->status, body);
}

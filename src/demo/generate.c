/*
 * The synthetic-resident generator (see generate.h). A splitmix64 stream per
 * seed drives every choice, so output is reproducible across machines. ID
 * numbers are made unique by construction, not by luck: the person's global
 * index picks the birth day and the 3-digit sequence, so no two people in
 * one run (up to 27 million) share a number.
 */
#include "demo/generate.h"

#include "app/register/import.h"
#include "core/date.h"
#include "core/idcard.h"
#include "core/unitcode.h"
#include "store/units.h"
#include "util/csvread.h"
#include "util/clock.h"
#include "util/progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t next(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static uint32_t below(uint64_t *s, uint32_t n)
{
    return (uint32_t)(next(s) % n);
}

static const char *const surnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",   "徐",   "孙",  "马", "朱", "胡",
    "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐",   "许",   "韩",  "冯", "邓", "曹",
    "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡",   "余",   "杜",  "叶", "程", "苏",
    "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟",   "谭",   "陆",  "汪", "范", "金",
    "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟",   "熊",   "秦",  "邱", "江", "尹",
    "薛", "闫", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺",   "顾",   "毛",  "郝", "龚", "邵",
    "万", "钱", "严", "覃", "武", "戴", "莫", "孔", "向", "欧阳", "司马", "上官"};

static const char *const given[] = {
    "伟", "芳", "娜", "秀", "英",   "敏", "静", "丽", "强", "磊",   "军", "洋", "勇", "艳", "杰",
    "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂", "英华", "文", "华", "建", "国", "红",
    "玲", "斌", "辉", "鹏", "飞",   "宇", "浩", "凯", "晨", "欣",   "怡", "佳", "婷", "雪", "琳",
    "晶", "颖", "丹", "俊", "峰",   "鑫", "波", "彬", "宁", "昊",   "梓", "涵", "睿", "轩", "博",
    "子", "一", "诗", "雨", "思",   "嘉", "依", "可", "心", "若",   "欢", "乐", "志", "德", "海",
    "春", "秋", "冬", "梅", "兰",   "竹", "松", "荣", "福", "贵",   "祥", "瑞", "安", "康"};

static const char *const provinces[] = {"湖北武汉", "浙江杭州", "江苏南京",  "安徽合肥",
                                        "河南郑州", "江西南昌", "湖南长沙",  "山东济南",
                                        "四川成都", "广东广州", "福建福州",  "黑龙江哈尔滨",
                                        "北京",     "重庆",     "河北石家庄"};

static const char *const countries[] = {"意大利", "伊朗", "韩国", "日本",   "美国",
                                        "英国",   "法国", "德国", "西班牙", "新加坡"};

static const char *const roads[] = {"愚园路", "江苏路", "长宁路",   "武夷路", "延安西路",
                                    "安化路", "宣化路", "万航渡路", "华山路", "定西路"};

/* Mainland province codes people's IDs come from (their birthplace). */
static const int province_codes[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41,
                                     42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65};

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* An 18-character ID for person `index`, born in region `region`. */
static void make_id(uint64_t index, int region, char out[19])
{
    /* 27,393 days from 1940-01-01 (to 2014-12-31) x 1000 sequences. */
    const uint64_t days = 27393;
    uint64_t slot = index % (days * 1000);
    int32_t birth = date_from_ymd(1940, 1, 1) + (int32_t)(slot % days);
    int y, m, d, seq = (int)(slot / days);

    date_to_ymd(birth, &y, &m, &d);
    snprintf(out, 19, "%06d%04d%02d%02d%03d", region, y, m, d, seq);
    out[17] = (char)idcard_make_check(out);
    out[18] = '\0';
}

struct place_cursor {
    int compound, building, unit, floor, room;
    int floors, units, rooms_per_floor, buildings;
    int names_done; /* the given compound names are used up */
    char compound_name[128];
};

static void new_compound(struct place_cursor *p, const struct gen_committee *c,
                         const struct gen_opts *o, uint64_t *s)
{
    const char *stem = c->name;
    char base[96];
    size_t n;

    p->compound++;
    /* compound_names ends with NULL: once it is reached, names are made up. */
    if (o->compound_names && !p->names_done && !o->compound_names[p->compound - 1])
        p->names_done = 1;
    if (o->compound_names && !p->names_done) {
        snprintf(p->compound_name, sizeof p->compound_name, "%s",
                 o->compound_names[p->compound - 1]);
    } else if (p->compound % 2) {
        /* Name after the committee: 岐山居委会 -> 岐山新村1 */
        snprintf(base, sizeof base, "%s", stem);
        if (strlen(stem) >= sizeof base) {
            /* A long name is cut at a character's start, never inside a
             * UTF-8 sequence (the sheet would not be UTF-8). */
            n = sizeof base - 1;
            while (n > 0 && ((unsigned char)stem[n] & 0xC0) == 0x80)
                n--;
            base[n] = '\0';
        }
        n = strlen(base);
        if (n > 9 && strcmp(base + n - 9, "居委会") == 0)
            base[n - 9] = '\0';
        else if (n > 9 && strcmp(base + n - 9, "村委会") == 0)
            base[n - 9] = '\0';
        snprintf(p->compound_name, sizeof p->compound_name, "%s新村%d", base, p->compound);
    } else {
        snprintf(p->compound_name, sizeof p->compound_name, "%s%u弄", roads[below(s, NELEM(roads))],
                 100 + below(s, 1900));
    }
    p->buildings = 4 + (int)below(s, 12);
    p->floors = below(s, 4) == 0 ? 18 : 3 + (int)below(s, 4);
    p->units = 1 + (int)below(s, 3);
    p->rooms_per_floor = 2 + (int)below(s, 2);
    p->building = 1;
    p->unit = 1;
    p->floor = 1;
    p->room = 0;
}

/* Moves to the next room, opening buildings and compounds as needed. */
static void next_room(struct place_cursor *p, const struct gen_committee *c,
                      const struct gen_opts *o, uint64_t *s)
{
    if (p->compound == 0) {
        new_compound(p, c, o, s);
    }
    if (++p->room > p->rooms_per_floor) {
        p->room = 1;
        if (++p->floor > p->floors) {
            p->floor = 1;
            if (++p->unit > p->units) {
                p->unit = 1;
                if (++p->building > p->buildings) {
                    new_compound(p, c, o, s);
                    p->room = 1; /* new_compound leaves the cursor before room 1 */
                }
            }
        }
    }
}

static int write_person(FILE *f, const struct gen_committee *c, const struct gen_opts *o,
                        const struct place_cursor *p, uint64_t index, uint64_t *s,
                        const char *household_situation, int32_t household_arrival,
                        const char *origin, int quarantine_kind)
{
    char name[32], id[19], phone[12], room[16], building[16], unit[8], arrived[DATE_STR_LEN] = "",
                                                                       qfrom[DATE_STR_LEN] = "";
    char committee[UNITCODE_STR_LEN];
    const char *health = "正常", *situation = household_situation, *quarantine = "无";
    int region, r = (int)below(s, 10000);
    const char *fields[16];
    int n = 0;

    snprintf(name, sizeof name, "%s%s%s", surnames[below(s, NELEM(surnames))],
             given[below(s, NELEM(given))], below(s, 3) ? given[below(s, NELEM(given))] : "");
    if (below(s, 10) < 7)
        region = (int)(unitcode_at_level(c->code, LEVEL_DISTRICT) % 1000000);
    else
        region = province_codes[below(s, NELEM(province_codes))] * 10000 + 101;
    make_id(index, region, id);
    snprintf(phone, sizeof phone, "1%d%09u", 3 + (int)below(s, 7), below(s, 1000000000));
    snprintf(room, sizeof room, "%d%02d", p->floor, p->room);
    snprintf(building, sizeof building, "%d号", p->building);
    snprintf(unit, sizeof unit, "%d", p->unit);
    if (household_arrival != DATE_NONE) {
        date_format(household_arrival, arrived);
        if (quarantine_kind) {
            quarantine = quarantine_kind == 2 ? "集中隔离" : "居家隔离";
            date_format(household_arrival, qfrom);
        }
    }
    if (r < 30)
        health = "发热";
    else if (r < 35)
        health = "疑似";
    else if (r < 37)
        health = "确诊";
    else if (r < 57)
        health = "已康复";
    unitcode_format(c->code, committee);

    fields[n++] = p->compound_name;
    fields[n++] = building;
    fields[n++] = unit;
    fields[n++] = room;
    fields[n++] = name;
    fields[n++] = id;
    fields[n++] = phone;
    fields[n++] = situation;
    fields[n++] = arrived;
    fields[n++] = household_arrival != DATE_NONE ? origin : "";
    fields[n++] = quarantine;
    fields[n++] = qfrom;
    fields[n++] = "";
    fields[n++] = health;
    if (o->with_committee_column)
        fields[n++] = committee;
    if (o->grid_names)
        fields[n++] = o->grid_names[(p->compound - 1) % o->ngrids];
    return csvwrite_row(f, fields, (size_t)n);
}

int gen_residents_csv(FILE *out, const struct gen_committee *c, int n, const struct gen_opts *opts,
                      uint64_t start_index, uint64_t *out_next_index)
{
    static const char *const header[] = {"小区",         "楼号",     "单元",       "室号",
                                         "姓名",         "身份证号", "手机号",     "在沪情况",
                                         "返沪日期",     "来源地",   "隔离情况",   "隔离开始日期",
                                         "隔离结束日期", "健康状况", "居委会代码", "网格"};
    const char *h[16];
    size_t nh = 0;
    uint64_t index = start_index;

    for (int i = 0; i < 14; i++)
        h[nh++] = header[i];
    if (opts->with_committee_column)
        h[nh++] = header[14];
    if (opts->grid_names)
        h[nh++] = header[15];
    if (csvwrite_bom(out) < 0 || csvwrite_row(out, h, nh) < 0)
        return -1;
    for (int i = 0; i < n; i++) {
        uint64_t s = opts->seed * 0x100000001B3ULL ^ (uint64_t)c[i].code;
        struct place_cursor p;
        int64_t made = 0;

        memset(&p, 0, sizeof p);
        while (made < c[i].residents) {
            /* One household: 1-5 people sharing situation and arrival. */
            int size = 1 + (int)below(&s, 4) + (below(&s, 5) == 0);
            uint32_t k = below(&s, 1000);
            const char *situation = "一直在沪", *origin = "";
            int32_t arrival = DATE_NONE;
            int qk = 0;

            if (k < 90) { /* returned from elsewhere in China in the last 3 weeks */
                situation = "近期返沪";
                arrival = opts->today - (int32_t)below(&s, 21);
                origin = provinces[below(&s, NELEM(provinces))];
                qk = below(&s, 2) ? 1 : 0;
            } else if (k < 110) { /* returned from abroad */
                situation = "境外返沪";
                arrival = opts->today - (int32_t)below(&s, 21);
                origin = countries[below(&s, NELEM(countries))];
                qk = (int)below(&s, 4); /* 0: none (yellow), 1: home, 2-3: central */
                if (qk == 3)
                    qk = 2;
            } else if (k < 160) {
                situation = "外出未返";
            }
            next_room(&p, &c[i], opts, &s);
            for (int j = 0; j < size && made < c[i].residents; j++, made++, index++)
                if (write_person(out, &c[i], opts, &p, index, &s, situation, arrival, origin, qk) <
                    0)
                    return -1;
        }
    }
    if (out_next_index)
        *out_next_index = index;
    return ferror(out) ? -1 : 0;
}

struct committee_list {
    struct gen_committee *v;
    char (*names)[UNIT_NAME_MAX];
    int n, cap;
};

static int collect_committees(struct db *db, int64_t unit, struct committee_list *l);

static int add_committee(void *arg, const struct unit *u)
{
    struct committee_list *l = arg;

    if (u->level < LEVEL_COMMITTEE)
        return 0; /* recursion handled by the caller */
    if (u->level > LEVEL_COMMITTEE)
        return 0;
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 256;
        struct gen_committee *nv = realloc(l->v, (size_t)cap * sizeof *nv);
        char(*nn)[UNIT_NAME_MAX];
        if (!nv)
            return DB_E_NOMEM;
        l->v = nv;
        nn = realloc(l->names, (size_t)cap * sizeof *nn);
        if (!nn)
            return DB_E_NOMEM;
        l->names = nn;
        l->cap = cap;
    }
    l->v[l->n].code = u->code;
    snprintf(l->names[l->n], UNIT_NAME_MAX, "%s", u->name);
    l->n++;
    return 0;
}

struct walk {
    struct db *db;
    struct committee_list *l;
};

static int walk_unit(void *arg, const struct unit *u)
{
    struct walk *w = arg;

    if (u->level == LEVEL_COMMITTEE)
        return add_committee(w->l, u);
    if (u->level < LEVEL_COMMITTEE)
        return collect_committees(w->db, u->code, w->l);
    return 0;
}

static int collect_committees(struct db *db, int64_t unit, struct committee_list *l)
{
    struct walk w = {db, l};
    return store_unit_children(db, unit, walk_unit, &w);
}

int gen_residents_file(struct db *db, int64_t unit, int64_t count, uint64_t seed, FILE *out,
                       char err[256])
{
    struct committee_list l = {0};
    struct gen_opts opts = {seed, 0, 0, NULL, NULL, 0};
    struct unit u;
    int rc;

    opts.today = clock_today();
    if ((rc = store_unit_get(db, unit, &u)) < 0) {
        snprintf(err, 256, "no unit %lld", (long long)unit);
        return rc;
    }
    if (u.level == LEVEL_COMMITTEE)
        rc = add_committee(&l, &u);
    else if (u.level < LEVEL_COMMITTEE)
        rc = collect_committees(db, unit, &l);
    if (rc < 0 || l.n == 0) {
        snprintf(err, 256, "no committees under %lld", (long long)unit);
        rc = -1;
        goto out;
    }
    for (int i = 0; i < l.n; i++) {
        l.v[i].name = l.names[i];
        l.v[i].residents = count / l.n + (i < count % l.n);
    }
    opts.with_committee_column = l.n > 1;
    if (gen_residents_csv(out, l.v, l.n, &opts, seed * 1000003ULL, NULL) < 0) {
        snprintf(err, 256, "cannot write the CSV");
        rc = -1;
        goto out;
    }
    rc = 0;
out:
    free(l.v);
    free(l.names);
    return rc;
}

int gen_residents_db(struct db *db, int64_t unit, int64_t count, uint64_t seed, int64_t chunk_rows,
                     int progress, char err[256])
{
    struct committee_list l = {0};
    struct gen_opts opts = {seed, 0, 1, NULL, NULL, 0};
    struct import_opts io = {0, NULL, 0, "gen", NULL, 1, NULL};
    struct progress prog;
    struct unit u;
    uint64_t index = seed * 1000003ULL;
    int64_t done = 0;
    int rc;

    opts.today = clock_today();
    if ((rc = store_unit_get(db, unit, &u)) < 0) {
        snprintf(err, 256, "no unit %lld", (long long)unit);
        return rc;
    }
    if (u.level == LEVEL_COMMITTEE)
        rc = add_committee(&l, &u);
    else if (u.level < LEVEL_COMMITTEE)
        rc = collect_committees(db, unit, &l);
    else {
        snprintf(err, 256, "generate into a committee or above, not a grid");
        return -1;
    }
    if (rc < 0 || l.n == 0) {
        snprintf(err, 256, "no committees under %lld", (long long)unit);
        rc = -1;
        goto out;
    }
    for (int i = 0; i < l.n; i++) {
        l.v[i].name = l.names[i];
        l.v[i].residents = count / l.n + (i < count % l.n);
    }
    progress_init(&prog, "generating", (size_t)count, progress);
    for (int first = 0; first < l.n;) {
        int last = first;
        int64_t rows = 0;
        char *buf = NULL;
        size_t len = 0;
        FILE *f;
        struct import_report rep;
        struct app_error ae;

        while (last < l.n && (rows == 0 || rows + l.v[last].residents <= chunk_rows))
            rows += l.v[last++].residents;
        if (!(f = open_memstream(&buf, &len))) {
            snprintf(err, 256, "out of memory");
            rc = -1;
            goto out;
        }
        rc = gen_residents_csv(f, l.v + first, last - first, &opts, index, &index);
        fclose(f);
        if (rc < 0) {
            free(buf);
            snprintf(err, 256, "cannot generate");
            goto out;
        }
        rc = import_residents(db, NULL, buf, len, &io, &rep, &ae);
        free(buf);
        if (rc < 0)
            snprintf(err, 256, "%s", ae.message);
        if (rc == 1) {
            snprintf(err, 256, "generated rows were rejected (first: line %zu: %s)",
                     rep.nerrors ? rep.errors[0].line : 0,
                     rep.nerrors ? rep.errors[0].message : "?");
            rc = -1;
        }
        import_report_cleanup(&rep);
        if (rc < 0)
            goto out;
        done += rows;
        progress_update(&prog, (size_t)done & ~(size_t)1023);
        first = last;
    }
    progress_finish(&prog, (size_t)done);
    rc = 0;
out:
    free(l.v);
    free(l.names);
    return rc;
}

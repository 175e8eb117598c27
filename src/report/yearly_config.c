/* yearly_config.c - the partnership's report config (JSON, docs/report.md "Config"): name,
 * partners, structure, subgroups, scrutineer, this year's priorities (with the action sources
 * and indicators that measure progress), next year's priorities, place names for the publish
 * check, and the disclosure threshold. Strict: an unknown key or a value of the wrong type is
 * an error naming the key, so a typo never silently drops a section. */
#include "report/yearly.h"

#include "core/file.h"
#include "core/mem.h"

#include <jansson.h>
#include <string.h>

#define CONFIG_MAX_BYTES (1024 * 1024)

static int bad(sg_error *err, const char *name, const char *key, int code, const char *what)
{
    return sg_err_at(err, code, name, 0, 0, key, "config key '%s': %s", key, what);
}

/* Copies a JSON string into out (size outsz): SG_EPARSE when not a string, SG_ELIMIT when too
 * long. */
static int str_into(json_t *v, char *out, size_t outsz, const char *name, const char *key,
                    sg_error *err)
{
    if (!json_is_string(v)) return bad(err, name, key, SG_EPARSE, "expected a string");
    const char *s = json_string_value(v);
    if (json_string_length(v) >= outsz || strlen(s) != json_string_length(v))
        return bad(err, name, key, SG_ELIMIT, "the text is too long or contains a NUL");
    sg_strlcpy(out, s, outsz);
    return SG_OK;
}

static int str_list(json_t *v, char (*out)[64], int max, int *n, const char *name, const char *key,
                    sg_error *err)
{
    if (!json_is_array(v)) return bad(err, name, key, SG_EPARSE, "expected a list of strings");
    if ((int)json_array_size(v) > max) return bad(err, name, key, SG_ELIMIT, "too many entries");
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x)
    {
        int rc = str_into(x, out[*n], 64, name, key, err);
        if (rc) return rc;
        (*n)++;
    }
    return SG_OK;
}

/* A list of entries; field names per list: name + the role-like key + the text-like key. */
static int entries(json_t *v, sg_yr_entry *out, int *n, const char *name, const char *key,
                   const char *role_key, const char *text_key, bool priority, sg_error *err)
{
    if (!json_is_array(v)) return bad(err, name, key, SG_EPARSE, "expected a list of objects");
    if (json_array_size(v) > SG_YR_MAX_LIST)
        return bad(err, name, key, SG_ELIMIT, "too many entries (at most 64)");
    size_t i;
    json_t *o;
    json_array_foreach(v, i, o)
    {
        if (!json_is_object(o)) return bad(err, name, key, SG_EPARSE, "expected objects");
        sg_yr_entry *e = &out[(*n)++];
        memset(e, 0, sizeof *e);
        const char *k;
        json_t *x;
        json_object_foreach(o, k, x)
        {
            int rc = SG_OK;
            char full[96];
            snprintf(full, sizeof full, "%s.%s", key, k);
            if (strcmp(k, "name") == 0 || strcmp(k, "title") == 0)
                rc = str_into(x, e->name, sizeof e->name, name, full, err);
            else if (role_key && strcmp(k, role_key) == 0)
                rc = str_into(x, e->role, sizeof e->role, name, full, err);
            else if (text_key && strcmp(k, text_key) == 0)
                rc = str_into(x, e->text, sizeof e->text, name, full, err);
            else if (priority && strcmp(k, "actions") == 0)
                rc = str_list(x, e->links, 8, &e->nlinks, name, full, err);
            else if (priority && strcmp(k, "indicators") == 0) {
                char tmp[8][64];
                int m = 0;
                rc = str_list(x, tmp, 8, &m, name, full, err);
                for (int j = 0; !rc && j < m; j++) {
                    if (strlen(tmp[j]) >= sizeof e->indicators[0])
                        rc = bad(err, name, full, SG_ELIMIT, "indicator id too long");
                    else
                        sg_strlcpy(e->indicators[e->nind++], tmp[j], sizeof e->indicators[0]);
                }
            } else
                rc = bad(err, name, full, SG_EPARSE, "unknown key (see docs/report.md)");
            if (rc) return rc;
        }
        if (!e->name[0]) return bad(err, name, key, SG_EPARSE, "every entry needs a name");
    }
    return SG_OK;
}

int sg_yr_config_parse(const char *text, size_t len, const char *name, sg_yr_config *cfg,
                       sg_error *err)
{
    memset(cfg, 0, sizeof *cfg);
    json_error_t je;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return sg_err_at(err, SG_EPARSE, name, je.line, je.column, NULL, "config: %s", je.text);
    int rc = SG_OK;
    if (!json_is_object(root)) {
        rc = sg_err_at(err, SG_EPARSE, name, 1, 1, NULL, "config: expected a JSON object");
        goto out;
    }
    const char *k;
    json_t *v;
    json_object_foreach(root, k, v)
    {
        if (strcmp(k, "partnership") == 0)
            rc = str_into(v, cfg->partnership, sizeof cfg->partnership, name, k, err);
        else if (strcmp(k, "title") == 0)
            rc = str_into(v, cfg->title, sizeof cfg->title, name, k, err);
        else if (strcmp(k, "area") == 0)
            rc = str_into(v, cfg->area, sizeof cfg->area, name, k, err);
        else if (strcmp(k, "scrutineer") == 0)
            rc = str_into(v, cfg->scrutineer, sizeof cfg->scrutineer, name, k, err);
        else if (strcmp(k, "structure") == 0)
            rc = str_into(v, cfg->structure, sizeof cfg->structure, name, k, err);
        else if (strcmp(k, "partners") == 0)
            rc = entries(v, cfg->partners, &cfg->npartners, name, k, "role", "text", false, err);
        else if (strcmp(k, "subgroups") == 0)
            rc = entries(v, cfg->subgroups, &cfg->nsubgroups, name, k, "chair", "purpose", false,
                         err);
        else if (strcmp(k, "priorities") == 0)
            rc = entries(v, cfg->priorities, &cfg->npriorities, name, k, "id", "description", true,
                         err);
        else if (strcmp(k, "next_priorities") == 0)
            rc = entries(v, cfg->next_priorities, &cfg->nnext, name, k, "id", "description", false,
                         err);
        else if (strcmp(k, "places") == 0)
            rc = str_list(v, cfg->places, SG_YR_MAX_LIST, &cfg->nplaces, name, k, err);
        else if (strcmp(k, "disclosure_threshold") == 0) {
            if (!json_is_integer(v) || json_integer_value(v) < 1 ||
                json_integer_value(v) > SG_DISCLOSURE_MAX_THRESHOLD)
                rc = bad(err, name, k, SG_EPARSE, "expected a whole number 1..100");
            else
                cfg->threshold = (int)json_integer_value(v);
        } else if (strcmp(k, "$comment") == 0) {
            /* allowed anywhere at the top: notes for the people editing the file */
        } else
            rc = bad(err, name, k, SG_EPARSE, "unknown key (see docs/report.md)");
        if (rc) break;
    }
out:
    json_decref(root);
    return rc;
}

int sg_yr_config_load(const char *path, sg_yr_config *cfg, sg_error *err)
{
    char *data = NULL;
    size_t len = 0;
    int rc = sg_read_file(path, CONFIG_MAX_BYTES, &data, &len, err);
    if (rc) return rc;
    rc = sg_yr_config_parse(data, len, path, cfg, err);
    free(data);
    return rc;
}

/* conn.c - the table of open connections, the limit per client address and the header
 * deadline. The per-address limit is ours rather than libmicrohttpd's so that trusted reverse
 * proxies, whose one address carries every client, are exempt. libmicrohttpd's own
 * connection timeout is an idle timeout, which a client sending one header byte a second
 * never reaches (slowloris). Every connection gets a deadline for its request headers when it
 * opens and again after each answer; a watchdog thread shuts down (shutdown(2), not close:
 * libmicrohttpd still owns the descriptor and sees the end of the stream) any connection
 * whose deadline passed. A connection leaves the table, under the table's mutex, before
 * libmicrohttpd closes its descriptor, so the watchdog never touches a reused descriptor. */
#include "web/ops.h"

#include "core/mem.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

struct sg_conn_table {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t thread;
    bool stop;
    int64_t timeout_ms;
    sg_conn *head;
    unsigned long reaped, refused;
    unsigned per_address;
    /* open connections per peer address (not exempt); at most one entry per connection */
    struct addr_count {
        char addr[SG_WEB_ADDR_MAX];
        unsigned n;
    } * counts;
    size_t ncounts, capcounts;
};

int64_t sg_conn_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void *watchdog(void *arg)
{
    sg_conn_table *t = arg;
    pthread_mutex_lock(&t->mu);
    while (!t->stop) {
        int64_t now = sg_conn_now_ms();
        for (sg_conn *c = t->head; c; c = c->next) {
            if (c->deadline_ms && now >= c->deadline_ms) {
                c->deadline_ms = 0;
                shutdown(c->fd, SHUT_RDWR);
                t->reaped++;
            }
        }
        /* a quarter of a second is fine-grained enough for a deadline of seconds */
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 250 * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&t->cv, &t->mu, &until);
    }
    pthread_mutex_unlock(&t->mu);
    return NULL;
}

int sg_conn_table_new(unsigned header_timeout, unsigned per_address, sg_conn_table **out,
                      sg_error *err)
{
    *out = NULL;
    sg_conn_table *t = xcalloc(1, sizeof *t);
    t->per_address = per_address ? per_address : 16;
    t->timeout_ms = (int64_t)(header_timeout ? header_timeout : 10) * 1000;
    pthread_mutex_init(&t->mu, NULL);
    pthread_cond_init(&t->cv, NULL);
    if (pthread_create(&t->thread, NULL, watchdog, t) != 0) {
        pthread_mutex_destroy(&t->mu);
        pthread_cond_destroy(&t->cv);
        free(t);
        return sg_err(err, SG_EIO, "cannot start the connection watchdog thread");
    }
    *out = t;
    return SG_OK;
}

void sg_conn_table_free(sg_conn_table *t)
{
    if (!t) return;
    pthread_mutex_lock(&t->mu);
    t->stop = true;
    pthread_cond_signal(&t->cv);
    pthread_mutex_unlock(&t->mu);
    pthread_join(t->thread, NULL);
    pthread_mutex_destroy(&t->mu);
    pthread_cond_destroy(&t->cv);
    free(t->counts);
    free(t);
}

/* The count for addr (created at 0); called with the mutex held. */
static struct addr_count *count_of(sg_conn_table *t, const char *addr)
{
    for (size_t i = 0; i < t->ncounts; i++)
        if (strcmp(t->counts[i].addr, addr) == 0) return &t->counts[i];
    if (t->ncounts == t->capcounts) {
        t->capcounts = t->capcounts ? t->capcounts * 2 : 64;
        t->counts = xrealloc(t->counts, t->capcounts * sizeof *t->counts);
    }
    struct addr_count *a = &t->counts[t->ncounts++];
    memcpy(a->addr, addr, sizeof a->addr);
    a->addr[sizeof a->addr - 1] = '\0';
    a->n = 0;
    return a;
}

bool sg_conn_opened(sg_conn_table *t, sg_conn *c, int fd, bool exempt)
{
    bool ok = true;
    pthread_mutex_lock(&t->mu);
    c->fd = fd;
    c->deadline_ms = sg_conn_now_ms() + t->timeout_ms;
    c->prev = NULL;
    c->next = t->head;
    if (t->head) t->head->prev = c;
    t->head = c;
    c->counted = false;
    if (!exempt) {
        struct addr_count *a = count_of(t, c->peer);
        a->n++;
        c->counted = true;
        if (a->n > t->per_address) {
            /* libmicrohttpd sees the end of the stream and closes it (and calls closed) */
            shutdown(fd, SHUT_RDWR);
            c->deadline_ms = 0;
            t->refused++;
            ok = false;
        }
    }
    pthread_mutex_unlock(&t->mu);
    return ok;
}

void sg_conn_closed(sg_conn_table *t, sg_conn *c)
{
    pthread_mutex_lock(&t->mu);
    if (c->prev)
        c->prev->next = c->next;
    else if (t->head == c)
        t->head = c->next;
    if (c->next) c->next->prev = c->prev;
    c->prev = c->next = NULL;
    c->deadline_ms = 0;
    if (c->counted) {
        struct addr_count *a = count_of(t, c->peer);
        if (a->n) a->n--;
        if (a->n == 0) *a = t->counts[--t->ncounts]; /* keep the table small */
        c->counted = false;
    }
    pthread_mutex_unlock(&t->mu);
}

void sg_conn_headers_done(sg_conn_table *t, sg_conn *c)
{
    pthread_mutex_lock(&t->mu);
    c->deadline_ms = 0;
    pthread_mutex_unlock(&t->mu);
}

void sg_conn_request_done(sg_conn_table *t, sg_conn *c)
{
    pthread_mutex_lock(&t->mu);
    c->deadline_ms = sg_conn_now_ms() + t->timeout_ms;
    pthread_mutex_unlock(&t->mu);
}

unsigned long sg_conn_refused(sg_conn_table *t)
{
    pthread_mutex_lock(&t->mu);
    unsigned long n = t->refused;
    pthread_mutex_unlock(&t->mu);
    return n;
}

unsigned long sg_conn_reaped(sg_conn_table *t)
{
    pthread_mutex_lock(&t->mu);
    unsigned long n = t->reaped;
    pthread_mutex_unlock(&t->mu);
    return n;
}

/* stepper.c: one run's history: its events on a compact tape in a temporary file, the view marked along it, to fold a view to any event quickly. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "stepper.h"
#include "vec.h"

/*
 * The tape: each event as its differences from the one before (varints),
 * about seven bytes where the struct is forty; the differences start again at
 * every mark, so that reading can start there. It lives in an unlinked file
 * so that a run of ten million events costs the screen no memory for it.
 */
#define STEPPER_WBUF (256 * 1024)
#define STEPPER_RBUF (256 * 1024)
#define STEPPER_MAXEV 72	/* the longest event on the tape, with room */

/* Byte 0 of an event: its type, and which fields follow. */
#define STEPPER_TYPE 0x1f
#define STEPPER_WHO 0x20	/* pid and tid changed */
#define STEPPER_CPU 0x40	/* cpu_us is not 0 */
#define STEPPER_SMALL 0x80	/* drink, phase, worker kind, flags, aux changed */

/* The event before, which the next is told against. */
struct stepper_code {
	int64_t		 t;
	int32_t		 pid, tid, order;
	int16_t		 worker;
	int8_t		 drink;
	uint8_t		 phase, wkind, flags, aux;
};

/* A reader of the tape from a mark on. */
struct stepper_rd {
	unsigned char	*buf;
	size_t		 n, pos;	/* bytes in buf, the next one to decode */
	off_t		 off;		/* the file offset of buf[0] */
	struct stepper_code prev;
};

/* Where a mark stands: the tape from it, the times up to it, the view at it. */
struct stepper_block {
	off_t		 off;
	int64_t		 last_t;	/* café time of the event before it */
	int64_t		 max_t;		/* the latest café time before it */
	struct view_mark *mark;		/* NULL when there was no memory for it */
};

struct stepper {
	struct cafe_view	*head;
	struct cafe_settings	 s;		/* for the past's cafe_view_init */
	size_t			 every;
	int			 fd;		/* the tape's file, unlinked */
	unsigned char		*wbuf;
	size_t			 wlen;
	off_t			 flushed;	/* bytes in the file; the rest in wbuf */
	struct stepper_code	 enc;
	size_t			 len;
	int64_t			 last_t, max_t;
	struct stepper_block	*blocks;
	size_t			 nblocks, blockcap;
	char			 err[160];
	/* The past: a view of its own, at position at, with the reader after it. */
	struct cafe_view	 past;
	int			 have_past;
	size_t			 at;
	int64_t			 now;
	struct stepper_rd	 rd, scan;
};

static size_t
stepper_put(unsigned char *p, uint64_t x)
{
	size_t n = 0;

	while (x >= 0x80) {
		p[n++] = (unsigned char)(x | 0x80);
		x >>= 7;
	}
	p[n++] = (unsigned char)x;
	return n;
}

/* A signed difference as an unsigned varint: small either way is short. */
static size_t
stepper_put_z(unsigned char *p, int64_t x)
{
	return stepper_put(p, ((uint64_t)x << 1) ^ (uint64_t)(x >> 63));
}

static size_t
stepper_encode(struct stepper_code *c, const struct cafe_event *ev, unsigned char *p)
{
	size_t n = 1;
	int small = ev->drink != c->drink || ev->phase != c->phase || ev->wkind != c->wkind ||
	    ev->flags != c->flags || ev->aux != c->aux;

	p[0] = (unsigned char)(ev->type & STEPPER_TYPE);
	n += stepper_put_z(p + n, ev->t_us - c->t);
	n += stepper_put_z(p + n, (int64_t)ev->order - c->order);
	n += stepper_put_z(p + n, (int64_t)ev->worker - c->worker);
	if (ev->pid != c->pid || ev->tid != c->tid) {
		p[0] |= STEPPER_WHO;
		n += stepper_put_z(p + n, (int64_t)ev->pid - c->pid);
		n += stepper_put_z(p + n, (int64_t)ev->tid - c->tid);
	}
	if (ev->cpu_us != 0) {
		p[0] |= STEPPER_CPU;
		n += stepper_put_z(p + n, ev->cpu_us);
	}
	if (small) {
		p[0] |= STEPPER_SMALL;
		p[n++] = (unsigned char)ev->drink;
		p[n++] = ev->phase;
		p[n++] = ev->wkind;
		p[n++] = ev->flags;
		p[n++] = ev->aux;
	}
	c->t = ev->t_us;
	c->order = ev->order;
	c->worker = ev->worker;
	c->pid = ev->pid;
	c->tid = ev->tid;
	c->drink = ev->drink;
	c->phase = ev->phase;
	c->wkind = ev->wkind;
	c->flags = ev->flags;
	c->aux = ev->aux;
	return n;
}

/* Reads a varint from p[*at] short of end; -1 when it runs past end. */
static int
stepper_get_z(const unsigned char *p, size_t end, size_t *at, int64_t *x)
{
	uint64_t u = 0;

	for (int sh = 0; *at < end && sh < 64; sh += 7) {
		unsigned char b = p[(*at)++];
		u |= (uint64_t)(b & 0x7f) << sh;
		if (!(b & 0x80)) {
			*x = (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
			return 0;
		}
	}
	return -1;
}

/* Decodes the event at p[0..end); the bytes it took, or 0 when it is cut short. */
static size_t
stepper_decode(struct stepper_code *c, const unsigned char *p, size_t end, struct cafe_event *ev)
{
	size_t at = 1;
	int64_t dt, dorder, dworker, dpid = 0, dtid = 0, cpu = 0;

	if (end < 1 || stepper_get_z(p, end, &at, &dt) < 0 || stepper_get_z(p, end, &at, &dorder) < 0 ||
	    stepper_get_z(p, end, &at, &dworker) < 0)
		return 0;
	if ((p[0] & STEPPER_WHO) &&
	    (stepper_get_z(p, end, &at, &dpid) < 0 || stepper_get_z(p, end, &at, &dtid) < 0))
		return 0;
	if ((p[0] & STEPPER_CPU) && stepper_get_z(p, end, &at, &cpu) < 0)
		return 0;
	if (p[0] & STEPPER_SMALL) {
		if (at + 5 > end)
			return 0;
		c->drink = (int8_t)p[at];
		c->phase = p[at + 1];
		c->wkind = p[at + 2];
		c->flags = p[at + 3];
		c->aux = p[at + 4];
		at += 5;
	}
	c->t += dt;
	c->order = (int32_t)(c->order + dorder);
	c->worker = (int16_t)(c->worker + dworker);
	c->pid = (int32_t)(c->pid + dpid);
	c->tid = (int32_t)(c->tid + dtid);
	memset(ev, 0, sizeof *ev);
	ev->type = p[0] & STEPPER_TYPE;
	ev->t_us = c->t;
	ev->cpu_us = cpu;
	ev->order = c->order;
	ev->worker = c->worker;
	ev->pid = c->pid;
	ev->tid = c->tid;
	ev->drink = c->drink;
	ev->phase = c->phase;
	ev->wkind = c->wkind;
	ev->flags = c->flags;
	ev->aux = c->aux;
	return at;
}

static void
stepper_fail(struct stepper *s, const char *what)
{
	if (s->err[0] == '\0')
		snprintf(s->err, sizeof s->err, "%s", what);
}

/* Writes the buffered tape to the file; -1 when it cannot (the tape stops). */
static int
stepper_flush(struct stepper *s)
{
	size_t done = 0;

	while (done < s->wlen) {
		ssize_t w = write(s->fd, s->wbuf + done, s->wlen - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			stepper_fail(s, strerror(w < 0 ? errno : ENOSPC));
			return -1;
		}
		done += (size_t)w;
	}
	s->flushed += (off_t)s->wlen;
	s->wlen = 0;
	return 0;
}

/* A mark of head now, at position len: reading the tape starts again here. */
static void
stepper_block(struct stepper *s)
{
	struct stepper_block *b = CAFE_VEC_PUSH(s->blocks, s->nblocks, s->blockcap);

	if (b == NULL) {
		stepper_fail(s, strerror(ENOMEM));
		return;
	}
	b->off = s->flushed + (off_t)s->wlen;
	b->last_t = s->last_t;
	b->max_t = s->max_t;
	b->mark = cafe_view_mark(s->head);
	memset(&s->enc, 0, sizeof s->enc);
}

struct stepper *
stepper_new(struct cafe_view *head, const struct cafe_settings *set, size_t every, char *err, size_t errlen)
{
	struct stepper *s = calloc(1, sizeof *s);

	if (s == NULL || cafe_settings_copy(&s->s, set) < 0) {
		free(s);
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		return NULL;
	}
	s->head = head;
	s->every = every > 0 ? every : STEPPER_EVERY;
	s->fd = -1;
	s->wbuf = malloc(STEPPER_WBUF);
	s->rd.buf = malloc(STEPPER_RBUF);
	s->scan.buf = malloc(STEPPER_RBUF);
	if (s->wbuf == NULL || s->rd.buf == NULL || s->scan.buf == NULL) {
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		stepper_free(s);
		return NULL;
	}
	/* In $TMPDIR as the race's recording is, unlinked at once: gone with the process whatever happens. */
	const char *dir = getenv("TMPDIR");
	char path[1024];
	snprintf(path, sizeof path, "%s/corocafe-tape-XXXXXX", dir != NULL && dir[0] != '\0' ? dir : "/tmp");
	if ((s->fd = mkstemp(path)) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		stepper_free(s);
		return NULL;
	}
	unlink(path);
	stepper_block(s);
	if (s->err[0] != '\0' || s->blocks[0].mark == NULL) {
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		stepper_free(s);
		return NULL;
	}
	return s;
}

void
stepper_free(struct stepper *s)
{
	if (s == NULL)
		return;
	stepper_leave(s);
	for (size_t i = 0; i < s->nblocks; i++)
		cafe_view_mark_free(s->blocks[i].mark);
	free(s->blocks);
	if (s->fd >= 0)
		close(s->fd);
	free(s->wbuf);
	free(s->rd.buf);
	free(s->scan.buf);
	cafe_settings_free(&s->s);
	free(s);
}

void
stepper_sink(void *arg, const struct cafe_event *ev)
{
	struct stepper *s = arg;

	if (s->err[0] != '\0')
		return;
	if (s->wlen + STEPPER_MAXEV > STEPPER_WBUF && stepper_flush(s) < 0)
		return;
	s->wlen += stepper_encode(&s->enc, ev, s->wbuf + s->wlen);
	s->len++;
	s->last_t = ev->t_us;
	if (ev->t_us > s->max_t)
		s->max_t = ev->t_us;
	if (s->len % s->every == 0)
		stepper_block(s);
}

size_t
stepper_len(const struct stepper *s)
{
	return s->len;
}

const char *
stepper_error(const struct stepper *s)
{
	return s->err[0] != '\0' ? s->err : NULL;
}

/* Puts rd at the start of block b. */
static void
stepper_rd_at(struct stepper *s, struct stepper_rd *rd, size_t b)
{
	rd->off = s->blocks[b].off;
	rd->n = rd->pos = 0;
	memset(&rd->prev, 0, sizeof rd->prev);
}

/* The next event of the tape at rd; -1 when the file cannot be read or holds nonsense. */
static int
stepper_rd_next(struct stepper *s, struct stepper_rd *rd, struct cafe_event *ev)
{
	if (rd->n - rd->pos < STEPPER_MAXEV && rd->off + (off_t)rd->n < s->flushed) {
		memmove(rd->buf, rd->buf + rd->pos, rd->n - rd->pos);
		rd->off += (off_t)rd->pos;
		rd->n -= rd->pos;
		rd->pos = 0;
		while (rd->n < STEPPER_RBUF && rd->off + (off_t)rd->n < s->flushed) {
			ssize_t r = pread(s->fd, rd->buf + rd->n, STEPPER_RBUF - rd->n, rd->off + (off_t)rd->n);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				return -1;
			rd->n += (size_t)r;
		}
	}
	size_t k = stepper_decode(&rd->prev, rd->buf + rd->pos, rd->n - rd->pos, ev);
	if (k == 0)
		return -1;
	rd->pos += k;
	return 0;
}

/* The block a position's reading starts from: the latest with a mark at or before n. */
static size_t
stepper_block_of(const struct stepper *s, size_t n)
{
	size_t b = n / s->every;

	if (b >= s->nblocks)
		b = s->nblocks - 1;
	while (b > 0 && s->blocks[b].mark == NULL)
		b--;
	return b;
}

int
stepper_seek(struct stepper *s, size_t n)
{
	struct cafe_event ev;

	if (n > s->len)
		n = s->len;
	if (stepper_flush(s) < 0)
		return -1;
	size_t b = stepper_block_of(s, n);
	/* On from where the past stands when no mark is nearer; else from the mark. */
	if (!s->have_past || s->at > n || s->at < b * s->every) {
		/* A past already beyond the mark holds the history up to it: rewound in place, nothing copied. */
		const struct cafe_view *from = s->have_past && s->at >= b * s->every ? &s->past : s->head;
		if (!s->have_past) {
			if (cafe_view_init(&s->past, &s->s) < 0)
				return -1;
			s->have_past = 1;
		}
		if (cafe_view_rewind(&s->past, from, s->blocks[b].mark) < 0) {
			stepper_leave(s);
			return -1;
		}
		stepper_rd_at(s, &s->rd, b);
		s->at = b * s->every;
		s->now = s->blocks[b].max_t;
	}
	while (s->at < n) {
		if (stepper_rd_next(s, &s->rd, &ev) < 0) {
			stepper_fail(s, _("the tape cannot be read back"));
			stepper_leave(s);
			return -1;
		}
		cafe_view_sink(&s->past, &ev);
		s->at++;
		/* The latest time so far: a worker process's event may come in later than it happened. */
		if (ev.t_us > s->now)
			s->now = ev.t_us;
	}
	return 0;
}

const struct cafe_view *
stepper_view(const struct stepper *s)
{
	return s->have_past ? &s->past : NULL;
}

size_t
stepper_at(const struct stepper *s)
{
	return s->at;
}

int64_t
stepper_now(const struct stepper *s)
{
	return s->now;
}

void
stepper_leave(struct stepper *s)
{
	if (s->have_past)
		cafe_view_free(&s->past);
	s->have_past = 0;
	s->at = 0;
	s->now = 0;
}

/* Positions the scanning reader at event index i (0-based), reading from the block before it. */
static int
stepper_scan_at(struct stepper *s, size_t i)
{
	struct cafe_event ev;
	size_t b = i / s->every;

	if (b >= s->nblocks)
		b = s->nblocks - 1;
	stepper_rd_at(s, &s->scan, b);
	for (size_t k = b * s->every; k < i; k++)
		if (stepper_rd_next(s, &s->scan, &ev) < 0)
			return -1;
	return 0;
}

int
stepper_is_phase_change(const struct cafe_event *ev)
{
	return ((ev->type == CAFE_EV_PHASE_BEGIN || ev->type == CAFE_EV_PHASE_END) &&
	    !(ev->flags & CAFE_EVF_AWAIT)) || ev->type == CAFE_EV_MARK;
}

size_t
stepper_find(struct stepper *s, size_t n, int dir, int (*pred)(const struct cafe_event *))
{
	struct cafe_event ev;

	if (stepper_flush(s) < 0)
		return 0;
	if (dir > 0) {
		if (n >= s->len || stepper_scan_at(s, n) < 0)
			return 0;
		for (size_t i = n; i < s->len; i++) {
			if (stepper_rd_next(s, &s->scan, &ev) < 0)
				return 0;
			if (pred(&ev))
				return i + 1;
		}
		return 0;
	}
	/* Back: each block read forwards, the last hit in it kept; the blocks from the nearest back. */
	if (n < 2)
		return 0;
	size_t end = n - 1 < s->len ? n - 1 : s->len;
	for (size_t b = (end - 1) / s->every + 1; b-- > 0;) {
		size_t found = 0, last = (b + 1) * s->every < end ? (b + 1) * s->every : end;
		stepper_rd_at(s, &s->scan, b);
		for (size_t i = b * s->every; i < last; i++) {
			if (stepper_rd_next(s, &s->scan, &ev) < 0)
				return 0;
			if (pred(&ev))
				found = i + 1;
		}
		if (found > 0)
			return found;
	}
	return 0;
}

int64_t
stepper_time_of(struct stepper *s, size_t n)
{
	struct cafe_event ev;

	if (n >= s->len)
		return s->max_t;
	if (stepper_flush(s) < 0)
		return 0;
	size_t b = n / s->every;
	int64_t t = s->blocks[b].max_t;
	stepper_rd_at(s, &s->scan, b);
	for (size_t i = b * s->every; i < n; i++) {
		if (stepper_rd_next(s, &s->scan, &ev) < 0)
			break;
		if (ev.t_us > t)
			t = ev.t_us;
	}
	return t;
}

size_t
stepper_at_time(struct stepper *s, int64_t t)
{
	struct cafe_event ev;
	size_t lo = 0, hi = s->nblocks;

	if (t < 0 || stepper_flush(s) < 0)
		return 0;
	/* The last block that starts no later than t (block 0 starts at 0). */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->blocks[mid].max_t <= t)
			lo = mid;
		else
			hi = mid;
	}
	size_t n = lo * s->every;
	int64_t m = s->blocks[lo].max_t;
	stepper_rd_at(s, &s->scan, lo);
	for (; n < s->len; n++) {
		if (stepper_rd_next(s, &s->scan, &ev) < 0)
			break;
		m = ev.t_us > m ? ev.t_us : m;
		if (m > t)
			break;
	}
	return n;
}

/*
 * teatrip.solver._core: the search kernel of the TOPTW engine.
 *
 * Why C and not numba: the planner must run a whole plan (Python start to exit) in under 2 s, and
 * numba's import alone costs 0.3-0.7 s on the target machine plus several seconds of JIT on first use.
 * A small C extension built by `pip install .` imports in microseconds.
 *
 * The kernel knows only integer arrays (see solve() at the bottom for the argument list). Python builds
 * them from a Problem, and teatrip.solver.checker validates whatever comes back.
 *
 * Method: best-ratio insertion with "max shift" slack bookkeeping (an insertion test is O(1)), inside a
 * ruin-and-recreate local search (remove a few visits by one of four rules, greedy randomised
 * re-insertion, then 2-opt / or-opt inside touched routes to win back time, and now and then a
 * "squeeze" of one more visit into a route by re-sequencing it) with simulated-annealing acceptance
 * and restarts from an elite of earlier epochs' bests. Which rule, which repair, how much to ruin and
 * with how much noise are learned during the run, and the temperature and epoch length follow the
 * instance (see the driver), not constants fixed for a benchmark.
 *
 * Threads: solve(..., threads=k) runs k such searches on the same read-only instance, each with its
 * own random stream, solutions and scratch memory, with the GIL released; they share a stop flag
 * (Ctrl-C) and, at fixed iteration counts, their best plans (see Share), and the best plan wins
 * (ties to the lowest thread), so the answer depends only on (seed, k) when the iteration count
 * ends the search.
 *
 * Several time windows per node: a node's window is the first one it can still start in on arrival
 * (earliest start is always best for what follows). Max shift is computed against the *current* window
 * only, so the O(1) test is conservative; on routes holding a multi-window node a rejected insertion is
 * re-tested by simulating the tail exactly, so no feasible insertion is lost and none infeasible taken.
 *
 * Visit caps: a route may hold at most rmax[r] visits, and at most gmax[g] visits of group g (grp[j] =
 * the group of node j, -1 = none). Every visit enters a route through insert_after after passing
 * ins_eval (or scan, which gates before its cache); the only other moves remove visits or reorder a
 * route (or-opt, 2-opt), which cannot break an upper bound. So the counters (len[r] for visits, gcnt
 * per route x group, kept by insert_after / remove_pos / apply_removals) are tested in O(1) there only.
 * Without caps I->caps is 0 and the search is exactly the uncapped one (same random draws, same moves).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef int64_t i64;
/* caps at or above this are "no cap" (compile.py passes 2^50) */
#define CAP_NONE ((i64)1 << 49)

typedef struct {
    int n, m, nc, cap;
    const i64 *d, *svc, *w;
    i64 *dT; /* dT[j * n + i] = d[i * n + j]: an insertion test of j reads row j of both, in cache */
    const int *cand;
    const int *rs, *re;
    const i64 *rE, *rL, *rcap;
    const int *woff; /* (m*n + 1) offsets into wo/wc: windows of node i on route r */
    const i64 *wo, *wc;
    const int *rmax;    /* most visits on route r */
    const int *grp;     /* group of node j (0..ng-1), -1 = none */
    const int *gmax;    /* most visits of group g on any one route */
    int ng;             /* number of capped groups */
    int caps;           /* any cap at all: 0 keeps the uncapped search untouched */
    int nfit;           /* candidates that fit alone on some route: the instance's real size */
    i64 mand;           /* weights from here up are mandatory nodes' (compile.py adds a bonus) */
    unsigned char *rok; /* route usable at all (start -> end direct is feasible) */
} Inst;

typedef struct {
    void *mem;
    size_t bytes;
    i64 *arr, *st, *wcl, *msh, *ctr, *wsuf, *trav; /* per position: arrival, start, close of the
                                              chosen window, max shift, travel so far, waiting at
                                              the later positions */
    int *seq, *len, *nmulti, *where;  /* where[node] = route or -1 */
    int *gcnt;                        /* visits of group g on route r (m*ng) */
    /* cache of each candidate's cheapest insertion per route (nc*m), valid while cver == rver[r]:
     * a destroy touches few routes, so most of the next repair's scans are saved */
    i64 *cshift;
    int *cpos;
    unsigned *cver, *rver;
    i64 obj;
    i64 ttot; /* total travel, the tie-break */
} Sol;

/* ---------------------------------------------------------------- random numbers (splitmix64) */
static inline uint64_t rnext(uint64_t *s) {
    uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
static inline double runif(uint64_t *s) { return (double)(rnext(s) >> 11) * (1.0 / 9007199254740992.0); }
static inline int rint_(uint64_t *s, int k) {
    int v = (int)(runif(s) * k);
    return v >= k ? k - 1 : v;
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* ---------------------------------------------------------------- solutions */
static int sol_alloc(const Inst *I, Sol *S) {
    size_t mc = (size_t)I->m * (size_t)I->cap;
    size_t ncm = (size_t)I->nc * (size_t)I->m;
    size_t n64 = 6 * mc + (size_t)I->m + ncm;
    size_t n32 = mc + 3 * (size_t)I->m + (size_t)I->n + 2 * ncm + (size_t)I->m * (size_t)I->ng;
    S->bytes = n64 * sizeof(i64) + n32 * sizeof(int);
    S->mem = calloc(1, S->bytes);
    if (!S->mem) return 0;
    i64 *p = (i64 *)S->mem;
    S->arr = p; p += mc;
    S->st = p; p += mc;
    S->wcl = p; p += mc;
    S->msh = p; p += mc;
    S->ctr = p; p += mc;
    S->wsuf = p; p += mc;
    S->trav = p; p += I->m;
    S->cshift = p; p += ncm;
    int *q = (int *)p;
    S->seq = q; q += mc;
    S->len = q; q += I->m;
    S->nmulti = q; q += I->m;
    S->where = q; q += I->n;
    S->cpos = q; q += ncm;
    S->cver = (unsigned *)q; q += ncm;
    S->rver = (unsigned *)q; q += I->m;
    S->gcnt = q;
    for (int i = 0; i < I->n; i++) S->where[i] = -1;
    S->obj = 0;
    S->ttot = 0;
    return 1;
}
static void sol_copy(Sol *dst, const Sol *src) {
    memcpy(dst->mem, src->mem, src->bytes);
    dst->obj = src->obj;
    dst->ttot = src->ttot;
}
static inline int better(const Sol *a, const Sol *b) {
    return a->obj > b->obj || (a->obj == b->obj && a->ttot < b->ttot);
}

/* May route r take one more visit, of node j, within its caps? */
static inline int caps_ok(const Inst *I, const Sol *S, int r, int j) {
    if (S->len[r] >= I->rmax[r]) return 0;
    int g = I->grp[j];
    return g < 0 || S->gcnt[(size_t)r * I->ng + g] < I->gmax[g];
}

/* Keep the group counter of route r in step with node j entering (+1) or leaving (-1) it. */
static inline void count_group(const Inst *I, Sol *S, int r, int j, int delta) {
    if (I->ng > 0 && I->grp[j] >= 0) S->gcnt[(size_t)r * I->ng + I->grp[j]] += delta;
}

/* Earliest service start of node j on route r when arriving at time a; 0 if every window is missed. */
static inline int wstart(const Inst *I, int r, int j, i64 a, i64 *s, i64 *cl, int *nw) {
    int lo = I->woff[r * I->n + j], hi = I->woff[r * I->n + j + 1];
    *nw = hi - lo;
    for (int k = lo; k < hi; k++) {
        if (a <= I->wc[k]) {
            *s = a > I->wo[k] ? a : I->wo[k];
            *cl = I->wc[k];
            return 1;
        }
    }
    return 0;
}

/* Recompute times and max shifts of route r. Returns 0 if feasible, else the first bad position
 * (1..len for a missed window, len+1 for a late end or a travel cap overrun). */
static int route_update(const Inst *I, Sol *S, int r) {
    int b = r * I->cap, L = S->len[r], n = I->n, bad = 0, nm = 0;
    int *q = S->seq + b;
    q[0] = I->rs[r];
    q[L + 1] = I->re[r];
    i64 t = I->rE[r];
    S->arr[b] = t; S->st[b] = t; S->wcl[b] = t; S->ctr[b] = 0;
    i64 tr = 0;
    for (int k = 1; k <= L + 1; k++) {
        int p = q[k - 1], c = q[k];
        i64 dd = I->d[(size_t)p * n + c];
        i64 a = S->st[b + k - 1] + (k > 1 ? I->svc[p] : 0) + dd;
        tr += dd;
        S->ctr[b + k] = tr;
        S->arr[b + k] = a;
        if (k <= L) {
            i64 s, cl;
            int nw;
            if (!wstart(I, r, c, a, &s, &cl, &nw)) {
                if (!bad) bad = k;
                s = a; cl = a;
            }
            if (nw > 1) nm++;
            S->st[b + k] = s;
            S->wcl[b + k] = cl;
        } else {
            S->st[b + k] = a;
            S->wcl[b + k] = I->rL[r];
            if (a > I->rL[r] && !bad) bad = k;
        }
    }
    S->ttot += tr - S->trav[r];
    S->trav[r] = tr;
    S->nmulti[r] = nm;
    S->rver[r]++;
    if (tr > I->rcap[r] && !bad) bad = L + 1;
    S->wsuf[b + L] = 0;
    for (int k = L - 1; k >= 0; k--) S->wsuf[b + k] = S->wsuf[b + k + 1] + S->st[b + k + 1] - S->arr[b + k + 1];
    S->msh[b + L + 1] = I->rL[r] - S->arr[b + L + 1];
    for (int k = L; k >= 1; k--) {
        i64 x = S->wcl[b + k] - S->st[b + k];
        i64 y = S->st[b + k + 1] - S->arr[b + k + 1] + S->msh[b + k + 1];
        S->msh[b + k] = x < y ? x : y;
    }
    return bad;
}

static void remove_pos(const Inst *I, Sol *S, int r, int k) {
    int b = r * I->cap, L = S->len[r];
    int j = S->seq[b + k];
    memmove(S->seq + b + k, S->seq + b + k + 1, (size_t)(L + 1 - k) * sizeof(int));
    S->len[r] = L - 1;
    S->where[j] = -1;
    S->obj -= I->w[j];
    count_group(I, S, r, j, -1);
}

/* Make route r feasible again after removals (only needed when the matrix breaks the triangle
 * inequality): drop the first offending visit until it fits. */
static void route_fix(const Inst *I, Sol *S, int r) {
    for (;;) {
        int bad = route_update(I, S, r);
        if (!bad || S->len[r] == 0) return;
        remove_pos(I, S, r, bad <= S->len[r] ? bad : S->len[r]);
    }
}

static void insert_after(const Inst *I, Sol *S, int r, int k, int j) {
    int b = r * I->cap, L = S->len[r];
    memmove(S->seq + b + k + 2, S->seq + b + k + 1, (size_t)(L + 1 - k) * sizeof(int));
    S->seq[b + k + 1] = j;
    S->len[r] = L + 1;
    S->where[j] = r;
    S->obj += I->w[j];
    count_group(I, S, r, j, +1);
    route_update(I, S, r);
}

/* Simulate leaving `prev` at time `t`, visiting cs[0..cnt) then the end of route r. 1 if every
 * window is met; *end = the arrival at the end (the caller compares it with the route's close). */
static int sim_tail(const Inst *I, int r, int prev, i64 t, const int *cs, int cnt, i64 *end) {
    int n = I->n;
    for (int i = 0; i < cnt; i++) {
        int c = cs[i];
        i64 s, cl;
        int nw;
        if (!wstart(I, r, c, t + I->d[(size_t)prev * n + c], &s, &cl, &nw)) return 0;
        t = s + I->svc[c];
        prev = c;
    }
    *end = t + I->d[(size_t)prev * n + I->re[r]];
    return 1;
}

/* O(1) (conservative, exact fallback) test: can j go between positions k and k+1 of route r? */
static inline int ins_eval(const Inst *I, const Sol *S, int r, int k, int j, i64 *shift) {
    if (I->caps && !caps_ok(I, S, r, j)) return 0;
    int b = r * I->cap, n = I->n;
    const int *q = S->seq + b;
    int p = q[k], x = q[k + 1];
    i64 dpj = I->dT[(size_t)j * n + p], s, cl;
    int nw;
    if (!wstart(I, r, j, S->st[b + k] + (k > 0 ? I->svc[p] : 0) + dpj, &s, &cl, &nw)) return 0;
    i64 djx = I->d[(size_t)j * n + x];
    i64 sh = s + I->svc[j] + djx - S->arr[b + k + 1];
    if (I->rcap[r] < CAP_NONE && S->trav[r] + dpj + djx - I->d[(size_t)p * n + x] > I->rcap[r])
        return 0;
    if (sh > S->st[b + k + 1] - S->arr[b + k + 1] + S->msh[b + k + 1]) {
        i64 e;
        if (S->nmulti[r] == 0) return 0;
        if (!sim_tail(I, r, j, s + I->svc[j], q + k + 1, S->len[r] - k, &e) || e > I->rL[r]) return 0;
    }
    *shift = sh;
    return 1;
}

/* ---------------------------------------------------------------- search context */
typedef struct {
    Inst *I;
    uint64_t rng;
    int *U;          /* unvisited candidate indices */
    double *pw;      /* randomised attractiveness of candidate ci */
    double *bsc;     /* best score of candidate ci on route r (nc*m), < 0 = none */
    int *bpos;       /* its position */
    unsigned char *touched; /* routes changed this iteration */
    unsigned char *rm;      /* node marked for removal */
    int *vis;        /* scratch: visited nodes */
    double *key;     /* scratch keys */
    int *tmp;        /* scratch sequence */
    int *nofit;      /* repair scratch: unvisited candidate u fits nowhere on the route just changed */
    int *cidx;       /* node -> candidate index or -1 */
} Ctx;

static void scan(Ctx *C, Sol *S, int ci, int r) {
    const Inst *I = C->I;
    int j = I->cand[ci], L = S->len[r];
    size_t at = (size_t)ci * I->m + r;
    double *bs = &C->bsc[at];
    *bs = -1.0;
    if (!I->rok[r] || I->woff[r * I->n + j] == I->woff[r * I->n + j + 1]) return;
    /* counts change only with the route, so a cached position stays valid under the same caps */
    if (I->caps && !caps_ok(I, S, r, j)) return;
    if (S->cver[at] != S->rver[r]) {
        i64 best = INT64_MAX, sh;
        int bp = -1, b = r * I->cap;
        /* service starts never decrease along a route: once leaving position k is already past
         * j's last window, no later position can take j either */
        i64 last = I->wc[I->woff[r * I->n + j + 1] - 1];
        /* st + msh (the latest start that keeps the route feasible) never decreases either; with
         * single windows a position whose successor must start before j could even be done is out */
        i64 first_done = I->wo[I->woff[r * I->n + j]] + I->svc[j];
        int exact = S->nmulti[r] == 0;
        for (int k = 0; k <= L; k++) {
            if (S->st[b + k] + (k > 0 ? I->svc[S->seq[b + k]] : 0) > last) break;
            if (exact && S->st[b + k + 1] + S->msh[b + k + 1] < first_done) continue;
            if (ins_eval(I, S, r, k, j, &sh) && sh < best) {
                best = sh;
                bp = k;
            }
        }
        S->cshift[at] = best;
        S->cpos[at] = bp;
        S->cver[at] = S->rver[r];
    }
    if (S->cpos[at] >= 0) {
        i64 best = S->cshift[at];
        *bs = C->pw[ci] / ((double)(best > 0 ? best : 0) + 1.0);
        C->bpos[at] = S->cpos[at];
    }
}

/* scan() of candidate ci on route r just after a visit went in at position k, for a candidate that
 * fitted nowhere on r before: when travel obeys the triangle inequality, a route that takes ci
 * between two visits adjacent before the insertion would have taken it there without the new visit,
 * so only the two new arcs (positions k and k+1) can take it. Without the inequality this may miss
 * an insertion (never admits an infeasible one: ins_eval decides). */
static void scan_new_arcs(Ctx *C, Sol *S, int ci, int r, int k) {
    const Inst *I = C->I;
    int j = I->cand[ci];
    size_t at = (size_t)ci * I->m + r;
    C->bsc[at] = -1.0;
    if (I->caps && !caps_ok(I, S, r, j)) return;
    i64 best = INT64_MAX, sh;
    int bp = -1;
    for (int x = k; x <= k + 1; x++)
        if (ins_eval(I, S, r, x, j, &sh) && sh < best) { best = sh; bp = x; }
    S->cshift[at] = best;
    S->cpos[at] = bp;
    S->cver[at] = S->rver[r];
    if (bp >= 0) {
        C->bsc[at] = C->pw[ci] / ((double)(best > 0 ? best : 0) + 1.0);
        C->bpos[at] = bp;
    }
}

/* Greedy insertion of unvisited candidates by randomised ratio weight^expo / added time. */
static void repair(Ctx *C, Sol *S, double expo, double eta) {
    const Inst *I = C->I;
    int m = I->m, nu = 0;
    for (int ci = 0; ci < I->nc; ci++) {
        int j = I->cand[ci];
        if (S->where[j] >= 0 || I->w[j] <= 0) continue;
        C->U[nu++] = ci;
        double noise = eta > 0 ? 1.0 + eta * (2.0 * runif(&C->rng) - 1.0) : 1.0;
        C->pw[ci] = pow((double)I->w[j], expo) * noise;
        for (int r = 0; r < m; r++) scan(C, S, ci, r);
    }
    while (nu > 0) {
        double bs = 0.0;
        int bu = -1, br = -1;
        for (int u = 0; u < nu; u++) {
            const double *row = &C->bsc[(size_t)C->U[u] * m];
            for (int r = 0; r < m; r++)
                if (row[r] > bs) { bs = row[r]; bu = u; br = r; }
        }
        if (bu < 0) break;
        int ci = C->U[bu], k = C->bpos[(size_t)ci * m + br];
        for (int u = 0; u < nu; u++) {
            size_t at = (size_t)C->U[u] * m + br;
            C->nofit[u] = S->cver[at] == S->rver[br] && S->cpos[at] < 0;
        }
        insert_after(I, S, br, k, I->cand[ci]);
        C->touched[br] = 1;
        C->U[bu] = C->U[--nu];
        C->nofit[bu] = C->nofit[nu];
        for (int u = 0; u < nu; u++) {
            if (C->nofit[u]) scan_new_arcs(C, S, C->U[u], br, k);
            else scan(C, S, C->U[u], br);
        }
    }
}

/* Insert unvisited candidates in random order, each where it adds the least time ("blink"-free
 * random-order greedy): diversifies what plain ratio-greedy keeps rebuilding. */
static void repair_random(Ctx *C, Sol *S) {
    const Inst *I = C->I;
    int nu = 0;
    for (int ci = 0; ci < I->nc; ci++) {
        int j = I->cand[ci];
        if (S->where[j] < 0 && I->w[j] > 0) C->U[nu++] = ci;
    }
    for (int u = nu - 1; u > 0; u--) {
        int x = rint_(&C->rng, u + 1), t = C->U[u];
        C->U[u] = C->U[x]; C->U[x] = t;
    }
    /* scan() gives each route's cheapest position, from its cache for the routes not changed since */
    for (int u = 0; u < nu; u++) {
        int ci = C->U[u], br = -1, bk = -1;
        i64 best = INT64_MAX;
        C->pw[ci] = 1.0; /* scan's ratio needs a weight; only its shift and position are used here */
        for (int r = 0; r < I->m; r++) {
            scan(C, S, ci, r);
            size_t at = (size_t)ci * I->m + r;
            if (C->bsc[at] >= 0 && S->cshift[at] < best) { best = S->cshift[at]; br = r; bk = S->cpos[at]; }
        }
        if (br >= 0) {
            insert_after(I, S, br, bk, I->cand[ci]);
            C->touched[br] = 1;
        }
    }
}

/* ---------------------------------------------------------------- destroy operators */
static void apply_removals(Ctx *C, Sol *S) {
    const Inst *I = C->I;
    for (int r = 0; r < I->m; r++) {
        int b = r * I->cap, L = S->len[r], o = 1, any = 0;
        for (int k = 1; k <= L; k++) {
            int j = S->seq[b + k];
            if (C->rm[j]) {
                C->rm[j] = 0;
                S->where[j] = -1;
                S->obj -= I->w[j];
                count_group(I, S, r, j, -1);
                any = 1;
            } else {
                S->seq[b + o++] = j;
            }
        }
        if (any) {
            S->len[r] = o - 1;
            route_fix(I, S, r);
            C->touched[r] = 1;
        }
    }
}

static int collect_visited(Ctx *C, const Sol *S) {
    int nv = 0;
    for (int r = 0; r < C->I->m; r++)
        for (int k = 1; k <= S->len[r]; k++) C->vis[nv++] = S->seq[r * C->I->cap + k];
    return nv;
}

/* sort vis[0..nv) by key (ascending), small insertion-sort-free qsort through an index array */
static _Thread_local const double *g_keys; /* qsort has no context argument; one per thread */
static int cmp_key(const void *a, const void *b) {
    double x = g_keys[*(const int *)a], y = g_keys[*(const int *)b];
    return (x > y) - (x < y);
}

/* Remove q visits chosen from vis sorted by key, biased to the front with exponent p. */
static void remove_ranked(Ctx *C, Sol *S, int nv, int q, double p) {
    for (int i = 0; i < nv; i++) C->tmp[i] = i;
    g_keys = C->key;
    qsort(C->tmp, (size_t)nv, sizeof(int), cmp_key);
    int left = nv;
    for (int t = 0; t < q && left > 0; t++) {
        int idx = (int)(pow(runif(&C->rng), p) * left);
        if (idx >= left) idx = left - 1;
        C->rm[C->vis[C->tmp[idx]]] = 1;
        memmove(C->tmp + idx, C->tmp + idx + 1, (size_t)(left - idx - 1) * sizeof(int));
        left--;
    }
    apply_removals(C, S);
}

static void destroy(Ctx *C, Sol *S, int op, int q) {
    const Inst *I = C->I;
    int n = I->n, nv = collect_visited(C, S);
    if (nv == 0) return;
    if (q > nv) q = nv;
    if (op == 0) { /* random */
        for (int t = 0; t < q; t++) {
            int i = t + rint_(&C->rng, nv - t);
            int x = C->vis[i]; C->vis[i] = C->vis[t]; C->vis[t] = x;
            C->rm[x] = 1;
        }
        apply_removals(C, S);
    } else if (op == 1) { /* worst: low weight per time its removal gives back */
        for (int i = 0; i < nv; i++) {
            int j = C->vis[i], r = S->where[j], b = r * I->cap, k;
            for (k = 1; S->seq[b + k] != j; k++) {}
            int p = S->seq[b + k - 1], x = S->seq[b + k + 1];
            i64 back = S->arr[b + k + 1] -
                       (S->st[b + k - 1] + (k > 1 ? I->svc[p] : 0) + I->d[(size_t)p * n + x]);
            C->key[i] = (double)I->w[j] / ((double)(back > 0 ? back : 0) + 1.0);
        }
        remove_ranked(C, S, nv, q, 3.0);
    } else if (op == 2) { /* a segment of consecutive visits in one route */
        int r = S->where[C->vis[rint_(&C->rng, nv)]], L = S->len[r];
        int qq = q < L ? q : L;
        int s0 = 1 + rint_(&C->rng, L - qq + 1);
        for (int k = s0; k < s0 + qq; k++) C->rm[S->seq[r * I->cap + k]] = 1;
        apply_removals(C, S);
    } else { /* related: close in space and in time to a random seed visit */
        int j0 = C->vis[rint_(&C->rng, nv)], r0 = S->where[j0];
        i64 t0 = 0;
        for (int k = 1; k <= S->len[r0]; k++)
            if (S->seq[r0 * I->cap + k] == j0) t0 = S->st[r0 * I->cap + k];
        for (int i = 0; i < nv; i++) {
            int j = C->vis[i], r = S->where[j];
            i64 tj = 0;
            for (int k = 1; k <= S->len[r]; k++)
                if (S->seq[r * I->cap + k] == j) tj = S->st[r * I->cap + k];
            C->key[i] = (double)(I->d[(size_t)j0 * n + j] + I->d[(size_t)j * n + j0]) +
                        0.5 * fabs((double)(tj - t0));
        }
        remove_ranked(C, S, nv, q, 4.0);
    }
}

/* ---------------------------------------------------------------- intra-route improvement */
static inline int lex_less(i64 e1, i64 t1, i64 e2, i64 t2) { return e1 < e2 || (e1 == e2 && t1 < t2); }

/* Route r with its customers lo..hi-1 (0-based) replaced by reg[0..hi-lo): feasible? If so, its
 * end time and travel. Starts from the stored prefix times and stops as soon as a later visit
 * starts exactly when it did before (the rest of the route is then unchanged). With `late_ok` the
 * end may be after the route's close (see squeeze). */
static int eval_region(const Inst *I, const Sol *S, int r, int lo, int hi, const int *reg, i64 *end,
                       i64 *trav, int late_ok) {
    int b = r * I->cap, L = S->len[r], n = I->n;
    const int *q = S->seq + b;
    int prev = q[lo]; /* S position lo holds customer lo-1, or the start node */
    i64 t = S->st[b + lo] + (lo > 0 ? I->svc[prev] : 0), tr = S->ctr[b + lo], s, cl;
    int nw;
    for (int x = 0; x < hi - lo; x++) {
        int c = reg[x];
        i64 dd = I->d[(size_t)prev * n + c];
        tr += dd;
        if (!wstart(I, r, c, t + dd, &s, &cl, &nw)) return 0;
        t = s + I->svc[c];
        prev = c;
    }
    for (int k = hi + 1; k <= L + 1; k++) {
        int c = q[k];
        i64 dd = I->d[(size_t)prev * n + c];
        tr += dd;
        if (k == L + 1) {
            if (t + dd > I->rL[r] && !late_ok) return 0;
            *end = t + dd;
            break;
        }
        if (!wstart(I, r, c, t + dd, &s, &cl, &nw)) return 0;
        if (s == S->st[b + k]) {
            tr += S->ctr[b + L + 1] - S->ctr[b + k];
            *end = S->arr[b + L + 1];
            break;
        }
        t = s + I->svc[c];
        prev = c;
    }
    if (tr > I->rcap[r]) return 0;
    *trav = tr;
    return 1;
}

#ifndef LS_WIDTH
#define LS_WIDTH 15 /* how far or-opt moves a segment / the longest 2-opt reversal */
#endif

static inline int try_region(const Inst *I, Sol *S, int r, int lo, int hi, const int *reg, int late_ok) {
    int b = r * I->cap, L = S->len[r], n = I->n;
    i64 e, tr;
    /* Without waiting, the end moves by the change in travel; waiting can only add to it. So a
     * change that adds at least as much travel as the route waits after `lo` cannot end earlier,
     * nor tie the end with less travel: skip it without simulating the tail. */
    const int *q = S->seq + b;
    i64 dt = I->d[(size_t)q[lo] * n + reg[0]] + I->d[(size_t)reg[hi - lo - 1] * n + q[hi + 1]];
    for (int x = 0; x + 1 < hi - lo; x++) dt += I->d[(size_t)reg[x] * n + reg[x + 1]];
    dt -= S->ctr[b + hi + 1] - S->ctr[b + lo];
    if (dt >= 0 && dt >= S->wsuf[b + lo]) return 0;
    if (eval_region(I, S, r, lo, hi, reg, &e, &tr, late_ok) &&
        lex_less(e, tr, S->arr[b + L + 1], S->trav[r])) {
        memcpy(S->seq + b + 1 + lo, reg, (size_t)(hi - lo) * sizeof(int));
        route_update(I, S, r);
        return 1;
    }
    return 0;
}

/* First-improvement or-opt (segments of 1..3, moved up to LS_WIDTH places) and 2-opt (reversals
 * up to LS_WIDTH long) on route r, minimising (end time, travel); with `late_ok` the route may end
 * after its close meanwhile (squeeze). Returns 1 if the route changed. */
static int improve_route(Ctx *C, Sol *S, int r, int late_ok) {
    const Inst *I = C->I;
    int b = r * I->cap, changed = 0;
    int *reg = C->tmp;
    for (int pass = 0; pass < 8; pass++) {
        int L = S->len[r], imp = 0;
        if (L < 2) break;
        const int *cs = S->seq + b + 1; /* stays valid: moves keep the length */
        for (int sl = 1; sl <= 3 && sl < L; sl++) {
            for (int i = 0; i + sl <= L; i++) {
                for (int j = i + sl; j < L && j < i + sl + LS_WIDTH; j++) { /* later */
                    int o = 0;
                    for (int x = i + sl; x <= j; x++) reg[o++] = cs[x];
                    for (int y = 0; y < sl; y++) reg[o++] = cs[i + y];
                    imp |= try_region(I, S, r, i, j + 1, reg, late_ok);
                }
                for (int j = i - 1; j >= 0 && j >= i - LS_WIDTH; j--) { /* earlier */
                    int o = 0;
                    for (int y = 0; y < sl; y++) reg[o++] = cs[i + y];
                    for (int x = j; x < i; x++) reg[o++] = cs[x];
                    imp |= try_region(I, S, r, j, i + sl, reg, late_ok);
                }
            }
        }
        for (int i = 0; i < L - 1; i++) {
            for (int j = i + 1; j < L && j <= i + LS_WIDTH; j++) {
                for (int x = 0; x <= j - i; x++) reg[x] = cs[j - x];
                imp |= try_region(I, S, r, i, j + 1, reg, late_ok);
            }
        }
        changed |= imp;
        if (!imp) break;
    }
    return changed;
}

static int improve_touched(Ctx *C, Sol *S) {
    int any = 0;
    for (int r = 0; r < C->I->m; r++)
        if (C->touched[r]) any |= improve_route(C, S, r, 0);
    return any;
}

/* Squeeze: put one unvisited candidate into a route where it fits nowhere as the route stands, at
 * the position that keeps every window and ends the route least late, then reorder that route (or-opt,
 * 2-opt minimising the end, which may stay late meanwhile) and keep the result only if it is feasible.
 * Why: insertion tests one position in a fixed order, and the cheapest insertion order can leave a
 * route whose visits could be re-sequenced to take one more (a node in an early window first and a
 * far node before the last one, say), which no single insertion or end-time reordering reaches.
 * Candidate: uniformly random among the unvisited; route: the least late one. 1 if it went in. */
static int squeeze(Ctx *C, Sol *S) {
    const Inst *I = C->I;
    int nu = 0, n = I->n;
    for (int ci = 0; ci < I->nc; ci++) {
        int j = I->cand[ci];
        if (S->where[j] < 0 && I->w[j] > 0) C->U[nu++] = j;
    }
    if (nu == 0) return 0;
    int j = C->U[rint_(&C->rng, nu)], br = -1, bk = -1;
    i64 bend = INT64_MAX;
    for (int r = 0; r < I->m; r++) {
        if (!I->rok[r] || I->woff[r * n + j] == I->woff[r * n + j + 1]) continue; /* closed on r */
        if (I->caps && !caps_ok(I, S, r, j)) continue;
        int b = r * I->cap, L = S->len[r];
        const int *q = S->seq + b;
        i64 last = I->wc[I->woff[r * n + j + 1] - 1];
        for (int k = 0; k <= L; k++) {
            i64 st, cl, e;
            int nw, p = q[k];
            i64 dep = S->st[b + k] + (k > 0 ? I->svc[p] : 0);
            if (dep > last) break; /* leaving later still, j's last window is past (as in scan) */
            if (!wstart(I, r, j, dep + I->d[(size_t)p * n + j], &st, &cl, &nw)) continue;
            if (sim_tail(I, r, j, st + I->svc[j], q + k + 1, L - k, &e) && e - I->rL[r] < bend) {
                bend = e - I->rL[r];
                br = r;
                bk = k;
            }
        }
    }
    if (br < 0) return 0;
    int b = br * I->cap, L = S->len[br];
    int *keep = C->vis; /* the route as it was (improve_route uses C->tmp) */
    memcpy(keep, S->seq + b, (size_t)(L + 2) * sizeof(int));
    insert_after(I, S, br, bk, j);
    improve_route(C, S, br, 1);
    if (route_update(I, S, br) == 0) {
        C->touched[br] = 1;
        return 1;
    }
    memcpy(S->seq + b, keep, (size_t)(L + 2) * sizeof(int));
    S->len[br] = L;
    S->where[j] = -1;
    S->obj -= I->w[j];
    count_group(I, S, br, j, -1);
    route_update(I, S, br);
    return 0;
}

/* ---------------------------------------------------------------- driver */
/* The search adapts to the instance instead of carrying constants fitted to a benchmark: which
 * destroy rule, which repair, whether to reorder before repairing, how much to ruin (as a share of
 * the plan) and how much noise the repair adds are drawn from weights learned during the run
 * (adaptive large neighbourhood search: each choice earns a reward by what its iterations achieved,
 * and every SEG iterations its weight moves towards its mean reward). The temperature comes from the
 * losses the run observes (a typical loss is accepted half the time when an epoch starts), an epoch
 * lasts in proportion to the instance's size, and restarts start from an elite of the best plans of
 * earlier epochs. The remaining constants are dimensionless textbook values, not fitted to a set. */
#define P_START 0.1   /* at an epoch's start a move losing the mean observed loss is accepted this often */
#define COOL 400.0    /* the temperature falls by this factor over two epoch lengths */
#ifndef EPOCH_PER
#define EPOCH_PER 10  /* an epoch ends after this many idle iterations per candidate and per visit */
#endif
#define EQUAL_ACCEPT 0.2 /* equal-profit moves accepted this often (a plateau walk) */
#define SEG 100       /* iterations between weight updates; also the memory of the mean loss */
#define REACT 0.2     /* how far a weight moves towards its segment's mean reward */
#define FLOOR 0.1     /* no weight falls below this share of the best one of its group */
#define ELITE 4       /* best plans of past epochs kept as restart points */
#define RESTART_NOISE 0.3 /* noise of the repairs that rebuild a plan for a new epoch */

/* the choice groups: destroy rule, repair, pre-repair reordering, ruin size, repair noise, squeeze
 * after the repair or not */
enum { G_DES, G_REP, G_PRE, G_SIZE, G_NOISE, G_SQZ, NGROUPS };
static const int group_size[NGROUPS] = {4, 4, 2, 3, 3, 2};
#define NARMS 18
static const int group_base[NGROUPS] = {0, 4, 8, 10, 13, 16};
/* +- this share on each candidate's ratio in a repair, by noise arm */
static const double noise_of[3] = {0.1, 0.3, 0.6};

typedef struct {
    double w[NARMS], sc[NARMS];
    int use[NARMS];
} Adapt;

static int adapt_pick(Ctx *C, const Adapt *A, int g) {
    const double *w = A->w + group_base[g];
    int k = group_size[g];
    double tot = 0;
    for (int i = 0; i < k; i++) tot += w[i];
    double u = runif(&C->rng) * tot;
    for (int i = 0; i < k - 1; i++) {
        u -= w[i];
        if (u < 0) return i;
    }
    return k - 1;
}

static void adapt_update(Adapt *A) {
    for (int g = 0; g < NGROUPS; g++) {
        double *w = A->w + group_base[g], hi = 0;
        for (int i = 0; i < group_size[g]; i++) {
            int a = group_base[g] + i;
            if (A->use[a] > 0) w[i] = (1.0 - REACT) * w[i] + REACT * A->sc[a] / A->use[a];
            A->sc[a] = 0;
            A->use[a] = 0;
            if (w[i] > hi) hi = w[i];
        }
        for (int i = 0; i < group_size[g]; i++)
            if (w[i] < FLOOR * hi) w[i] = FLOOR * hi;
    }
}

/* rewards: a new best plan, a better current plan, an accepted move to a different plan */
#define R_BEST 1.0
#define R_BETTER 0.4
#define R_ACCEPT 0.15

/* q for ruin size class c on a plan of nv visits: classes end at 5%, 15% and 35% of the visits
 * (at least 2, 4, 6), each scaled by `grow` (1 .. 2 with stagnation) */
static int ruin_size(Ctx *C, int c, int nv, double grow) {
    static const double share[3] = {0.05, 0.15, 0.35};
    static const int least[3] = {2, 4, 6};
    int hi = (int)ceil(grow * (nv * share[c] > least[c] ? nv * share[c] : least[c]));
    int lo = 1;
    if (c > 0) {
        double ps = nv * share[c - 1] > least[c - 1] ? nv * share[c - 1] : least[c - 1];
        lo = (int)ceil(grow * ps) + 1;
    }
    if (hi < lo) hi = lo;
    return lo + rint_(&C->rng, hi - lo + 1);
}

/* Keep `s` in the elite (sorted best first, distinct objective and travel) if it earns a place. */
static void elite_offer(Sol *elite, int *ne, const Sol *s) {
    for (int e = 0; e < *ne; e++)
        if (elite[e].obj == s->obj && elite[e].ttot == s->ttot) return;
    int at;
    if (*ne < ELITE) at = (*ne)++;
    else if (better(s, &elite[ELITE - 1])) at = ELITE - 1;
    else return;
    sol_copy(&elite[at], s);
    for (int e = at; e > 0 && better(&elite[e], &elite[e - 1]); e--) {
        Sol t = elite[e]; elite[e] = elite[e - 1]; elite[e - 1] = t;
    }
}

/* Threads exchange their best plans at fixed iteration counts (every `sync` iterations of each),
 * through a barrier: each publishes its best, waits until every thread still searching has done the
 * same, then offers the others' plans to its own elite (so its next restart may start from them).
 * Iteration counts, not wall time, decide when and what is exchanged, so the result stays a
 * function of (seed, threads) under max_iterations. A thread that has finished leaves the barrier
 * and is no longer waited for. Each thread publishes into one of two buffers by the exchange's
 * parity: a fast thread writing exchange g+1 cannot overwrite what a slow one still reads of g. */
typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int active, arrived;
    long long gen;
    int nthreads;
    Sol *pub;            /* 2 per thread: pub[2 * t + (g & 1)] */
    long long *pub_gen;  /* which exchange each buffer holds */
} Share;

static void share_exchange(Share *X, int t, const Sol *best, Sol *elite, int *ne, long long g) {
    int par = (int)(g & 1);
    sol_copy(&X->pub[2 * t + par], best);
    X->pub_gen[2 * t + par] = g;
    pthread_mutex_lock(&X->mu);
    if (++X->arrived == X->active) {
        X->gen++;
        X->arrived = 0;
        pthread_cond_broadcast(&X->cv);
    } else {
        long long my = X->gen;
        while (X->gen == my) pthread_cond_wait(&X->cv, &X->mu);
    }
    pthread_mutex_unlock(&X->mu);
    for (int u = 0; u < X->nthreads; u++)
        if (u != t && X->pub_gen[2 * u + par] == g) elite_offer(elite, ne, &X->pub[2 * u + par]);
}

static void share_leave(Share *X) {
    pthread_mutex_lock(&X->mu);
    X->active--;
    if (X->arrived > 0 && X->arrived == X->active) {
        X->gen++;
        X->arrived = 0;
        pthread_cond_broadcast(&X->cv);
    }
    pthread_mutex_unlock(&X->mu);
}

typedef struct {
    double budget, t0;
    long long max_iters, iters;
    double best_at;
    int interrupted;
    int *stop;           /* shared by all threads: a signal arrived, every search ends */
    PyThreadState **gil; /* the caller's saved thread state (GIL released); NULL in helper threads */
    Share *share;        /* NULL with one thread */
    int tid;             /* this search's thread index */
} Run;

/* Every 256 iterations: the caller's thread takes the GIL back to let Python see Ctrl-C, and every
 * thread reads the shared stop flag. 1 = stop now. */
static int must_stop(Run *R) {
    if (R->gil) {
        PyEval_RestoreThread(*R->gil);
        int sig = PyErr_CheckSignals();
        *R->gil = PyEval_SaveThread();
        if (sig != 0) {
            R->interrupted = 1;
            __atomic_store_n(R->stop, 1, __ATOMIC_RELAXED);
            return 1;
        }
    }
    return __atomic_load_n(R->stop, __ATOMIC_RELAXED) != 0;
}

/* sols: current, candidate, best (the result), epoch best, then ELITE restart points */
static void search(Ctx *C, Sol *sols, Run *R, i64 ub) {
    const Inst *I = C->I;
    int m = I->m;
    Sol *cur = &sols[0], *cand = &sols[1], *best = &sols[2], *ebest = &sols[3], *elite = &sols[4];
    int ne = 0;
    /* constructions: deterministic greedy with two ratio exponents, keep the better */
    for (int e = 0; e < 2; e++) {
        Sol *S = e == 0 ? cur : cand;
        memset(C->touched, 1, (size_t)m);
        repair(C, S, e == 0 ? 2.0 : 1.0, 0.0);
        if (improve_touched(C, S)) repair(C, S, e == 0 ? 2.0 : 1.0, 0.0);
    }
    if (better(cand, cur)) sol_copy(cur, cand);
    sol_copy(best, cur);
    sol_copy(ebest, cur);
    R->best_at = now_s() - R->t0;

    /* temperature scale: the mean loss of the worsening candidates seen over about the last SEG of
     * them; until there is one, the average weight of the non-mandatory candidates */
    double dmean = 0;
    int cnt = 0;
    for (int ci = 0; ci < I->nc; ci++) {
        i64 w = I->w[I->cand[ci]];
        if (w > 0 && w < I->mand) { dmean += (double)w; cnt++; }
    }
    dmean = cnt ? dmean / cnt : 1.0;
    long long nloss = 0;
    Adapt A;
    for (int a = 0; a < NARMS; a++) { A.w[a] = 1.0; A.sc[a] = 0; A.use[a] = 0; }
    int arm[NGROUPS];
    /* Epochs: simulated annealing cooled over each epoch; when an epoch stops improving, the next
     * one starts either from a heavy shake of an elite plan or from a fresh random-order build, so
     * one early basin cannot hold the whole run. */
    long long ep_start = 0, ep_last = 0;
    /* exchanges between threads: every EPOCH_PER iterations per candidate, a count the same in every
     * thread (unlike the epoch length, which follows each thread's plan) */
    long long sync = (long long)EPOCH_PER * I->nfit;
    if (sync < SEG) sync = SEG;
    for (long long it = 0;; it++) {
        if (best->obj >= ub) break;
        double el = now_s() - R->t0;
        if (el >= R->budget) break;
        if (R->max_iters > 0 && it >= R->max_iters) break;
        if ((it & 255) == 255 && must_stop(R)) break;
        if (R->share && it > 0 && it % sync == 0) share_exchange(R->share, R->tid, best, elite, &ne, it / sync);
        R->iters = it + 1;
        int nv = 0;
        for (int r = 0; r < m; r++) nv += cur->len[r];
        long long stall = (long long)EPOCH_PER * (I->nfit + nv);
        double prog = (double)(it - ep_start) / (double)(2 * stall);
        double T = dmean / log(1.0 / P_START) * pow(1.0 / COOL, prog < 1.0 ? prog : 1.0);

        if (it - ep_last > stall) { /* new epoch */
            elite_offer(elite, &ne, ebest);
            memset(C->touched, 1, (size_t)m);
            if (runif(&C->rng) < 0.5) {
                sol_copy(cur, &elite[rint_(&C->rng, ne)]);
                destroy(C, cur, 0, (int)(0.4 * nv) + 1);
                repair(C, cur, 2.0, RESTART_NOISE);
            } else {
                for (int r = 0; r < m; r++) {
                    while (cur->len[r] > 0) remove_pos(I, cur, r, cur->len[r]);
                    route_update(I, cur, r);
                }
                repair_random(C, cur);
                repair(C, cur, 2.0, RESTART_NOISE);
            }
            if (improve_touched(C, cur)) repair(C, cur, 2.0, RESTART_NOISE);
            ep_start = ep_last = it;
            sol_copy(ebest, cur);
            T = dmean / log(1.0 / P_START);
        }
        if (it > 0 && it % SEG == 0) adapt_update(&A);
        for (int g = 0; g < NGROUPS; g++) arm[g] = adapt_pick(C, &A, g);

        sol_copy(cand, cur);
        memset(C->touched, 0, (size_t)m);
        double idle = (double)(it - ep_last) / (double)stall;
        /* the longer the epoch has been idle, the more is ruined (up to twice the sizes) */
        int q = ruin_size(C, arm[G_SIZE], nv, 1.0 + idle);
        destroy(C, cand, arm[G_DES], q);
        if (arm[G_PRE]) improve_touched(C, cand);
        double ex = (arm[G_REP] & 1) ? 1.0 : 2.0;
        if (arm[G_REP] >= 2) repair_random(C, cand);
        double eta = noise_of[arm[G_NOISE]];
        repair(C, cand, ex, eta);
        if (improve_touched(C, cand)) repair(C, cand, ex, eta);
        if (arm[G_SQZ] && squeeze(C, cand)) repair(C, cand, ex, eta);

        i64 loss = cur->obj - cand->obj;
        if (loss > 0 && loss < I->mand) {
            nloss++;
            dmean += ((double)loss - dmean) / (double)(nloss < SEG ? nloss : SEG);
        }
        double reward = 0;
        int diff = cand->obj != cur->obj || cand->ttot != cur->ttot;
        if (better(cand, cur) || (cand->obj == cur->obj && runif(&C->rng) < EQUAL_ACCEPT) ||
            runif(&C->rng) < exp((double)(cand->obj - cur->obj) / T)) {
            reward = better(cand, cur) ? R_BETTER : diff ? R_ACCEPT : 0;
            Sol tmp = *cur; *cur = *cand; *cand = tmp;
        }
        if (better(cur, ebest)) {
            sol_copy(ebest, cur);
            ep_last = it;
        }
        if (better(cur, best)) {
            sol_copy(best, cur);
            R->best_at = now_s() - R->t0;
            reward = R_BEST;
        }
        for (int g = 0; g < NGROUPS; g++) {
            A.sc[group_base[g] + arm[g]] += reward;
            A.use[group_base[g] + arm[g]]++;
        }
    }
    if (R->share) share_leave(R->share);
}

/* ---------------------------------------------------------------- upper bound under caps */
static const i64 *g_w;
static int cmp_heavier(const void *a, const void *b) {
    i64 x = g_w[*(const int *)a], y = g_w[*(const int *)b];
    return (y > x) - (y < x);
}

/* With caps, "every candidate that fits alone" overestimates: in all at most sum(rmax) visits fit,
 * and at most (usable routes) x gmax[g] of group g. The heaviest set within those counts (a laminar
 * matroid, so taking the heaviest first is optimal) is still an upper bound, and a tight one lets a
 * capped search stop as soon as it reaches it. fit[0..nfit) are the nodes that fit alone; reordered.
 * Returns -1 if out of memory. */
static i64 capped_bound(const Inst *I, int *fit, int nfit) {
    i64 slots = 0, nok = 0, ub = 0;
    for (int r = 0; r < I->m; r++)
        if (I->rok[r]) { slots += I->rmax[r]; nok++; }
    i64 *left = calloc((size_t)I->ng + 1, sizeof(i64));
    if (!left) return -1;
    for (int g = 0; g < I->ng; g++) left[g] = nok * I->gmax[g];
    g_w = I->w;
    qsort(fit, (size_t)nfit, sizeof(int), cmp_heavier);
    for (int k = 0; k < nfit && slots > 0; k++) {
        int g = I->grp[fit[k]];
        if (g >= 0) {
            if (left[g] == 0) continue;
            left[g]--;
        }
        ub += I->w[fit[k]];
        slots--;
    }
    free(left);
    return ub;
}

/* ---------------------------------------------------------------- Python binding */
typedef struct {
    Py_buffer b;
    int held;
} Buf;

static int getbuf(PyObject *o, Buf *B, Py_ssize_t count, Py_ssize_t item, const char *name) {
    if (PyObject_GetBuffer(o, &B->b, PyBUF_C_CONTIGUOUS) != 0) return 0;
    B->held = 1;
    if (B->b.len != count * item) {
        PyErr_Format(PyExc_ValueError, "_core.solve: %s has %zd bytes, expected %zd", name, B->b.len,
                     count * item);
        return 0;
    }
    return 1;
}

/* One independent search: its own context, random stream and solutions; the instance is shared
 * read-only. */
typedef struct {
    Ctx C;
    Sol S[4 + ELITE]; /* see search() */
    Run R;
    i64 ub;
} Worker;

static int worker_alloc(Inst *I, Worker *W, size_t szn) {
    Ctx *C = &W->C;
    C->I = I;
    C->U = malloc(szn * sizeof(int));
    C->pw = malloc(szn * sizeof(double));
    C->bsc = malloc(szn * (size_t)I->m * sizeof(double));
    C->bpos = malloc(szn * (size_t)I->m * sizeof(int));
    C->touched = calloc((size_t)I->m, 1);
    C->rm = calloc((size_t)I->n, 1);
    C->vis = malloc(szn * sizeof(int));
    C->key = malloc(szn * sizeof(double));
    C->tmp = malloc(szn * sizeof(int));
    C->nofit = malloc(szn * sizeof(int));
    if (!C->U || !C->pw || !C->bsc || !C->bpos || !C->touched || !C->rm || !C->vis || !C->key || !C->tmp ||
        !C->nofit)
        return 0;
    for (int k = 0; k < 4 + ELITE; k++) {
        if (!sol_alloc(I, &W->S[k])) return 0;
        for (int r = 0; r < I->m; r++) route_update(I, &W->S[k], r);
    }
    return 1;
}

static void worker_free(Worker *W) {
    for (int k = 0; k < 4 + ELITE; k++) free(W->S[k].mem);
    Ctx *C = &W->C;
    free(C->U); free(C->pw); free(C->bsc); free(C->bpos); free(C->touched); free(C->rm);
    free(C->vis); free(C->key); free(C->tmp); free(C->nofit);
}

static void *worker_run(void *arg) {
    Worker *W = arg;
    search(&W->C, W->S, &W->R, W->ub);
    return NULL;
}

static PyObject *py_solve(PyObject *self, PyObject *args) {
    (void)self;
    int n, m, nthreads;
    PyObject *od, *osvc, *ow, *ocand, *ors, *ore, *orE, *orL, *orcap, *owoff, *owo, *owc, *ormax, *ogrp,
        *ogmax, *oinit;
    double budget;
    long long max_iters, mand;
    unsigned long long seed;
    if (!PyArg_ParseTuple(args, "iiOOOOOOOOOOOOOOOLdLKiO", &n, &m, &od, &osvc, &ow, &ocand, &ors, &ore, &orE,
                          &orL, &orcap, &owoff, &owo, &owc, &ormax, &ogrp, &ogmax, &mand, &budget, &max_iters,
                          &seed, &nthreads, &oinit))
        return NULL;
    if (nthreads < 1 || nthreads > 64) {
        PyErr_SetString(PyExc_ValueError, "_core.solve: threads must be 1..64");
        return NULL;
    }
    Buf B[15];
    memset(B, 0, sizeof B);
    PyObject *result = NULL;
    Inst I;
    memset(&I, 0, sizeof I);
    Worker *W = calloc((size_t)nthreads, sizeof(Worker));
    int *fit = NULL;
    Share share;
    int share_init = 0;
    memset(&share, 0, sizeof share);
    if (!W) return PyErr_NoMemory();
    Py_ssize_t nc = 0, nwin = 0, ng = 0;
    if (n <= 0 || m <= 0) { PyErr_SetString(PyExc_ValueError, "_core.solve: n and m must be positive"); goto done; }
    if (PyObject_GetBuffer(ocand, &B[3].b, PyBUF_C_CONTIGUOUS) != 0) goto done;
    B[3].held = 1;
    nc = B[3].b.len / (Py_ssize_t)sizeof(int);
    if (PyObject_GetBuffer(owo, &B[10].b, PyBUF_C_CONTIGUOUS) != 0) goto done;
    B[10].held = 1;
    nwin = B[10].b.len / (Py_ssize_t)sizeof(i64);
    if (PyObject_GetBuffer(ogmax, &B[14].b, PyBUF_C_CONTIGUOUS) != 0) goto done;
    B[14].held = 1;
    ng = B[14].b.len / (Py_ssize_t)sizeof(int);
    if (!getbuf(od, &B[0], (Py_ssize_t)n * n, sizeof(i64), "travel") ||
        !getbuf(osvc, &B[1], n, sizeof(i64), "service") || !getbuf(ow, &B[2], n, sizeof(i64), "weight") ||
        !getbuf(ors, &B[4], m, sizeof(int), "route start") || !getbuf(ore, &B[5], m, sizeof(int), "route end") ||
        !getbuf(orE, &B[6], m, sizeof(i64), "earliest") || !getbuf(orL, &B[7], m, sizeof(i64), "latest") ||
        !getbuf(orcap, &B[8], m, sizeof(i64), "cap") ||
        !getbuf(owoff, &B[9], (Py_ssize_t)m * n + 1, sizeof(int), "window offsets") ||
        !getbuf(owc, &B[11], nwin, sizeof(i64), "window closes") ||
        !getbuf(ormax, &B[12], m, sizeof(int), "route visit caps") ||
        !getbuf(ogrp, &B[13], n, sizeof(int), "groups"))
        goto done;
    I.n = n; I.m = m; I.nc = (int)nc; I.cap = (int)nc + 2;
    I.d = B[0].b.buf; I.svc = B[1].b.buf; I.w = B[2].b.buf; I.cand = B[3].b.buf;
    I.rs = B[4].b.buf; I.re = B[5].b.buf; I.rE = B[6].b.buf; I.rL = B[7].b.buf; I.rcap = B[8].b.buf;
    I.woff = B[9].b.buf; I.wo = B[10].b.buf; I.wc = B[11].b.buf;
    I.rmax = B[12].b.buf; I.grp = B[13].b.buf; I.gmax = B[14].b.buf; I.ng = (int)ng;
    I.mand = (i64)mand;
    for (int i = 0; i < n; i++)
        if (I.grp[i] < -1 || I.grp[i] >= ng) { PyErr_SetString(PyExc_ValueError, "_core.solve: bad group"); goto done; }
    I.caps = ng > 0;
    for (int r = 0; r < m; r++)
        if (I.rmax[r] < (int)nc) I.caps = 1; /* a cap of at least nc visits can never bind */
    for (Py_ssize_t i = 0; i < nc; i++)
        if (I.cand[i] < 0 || I.cand[i] >= n) { PyErr_SetString(PyExc_ValueError, "_core.solve: bad candidate"); goto done; }
    I.rok = calloc((size_t)m, 1);
    I.dT = malloc((size_t)n * (size_t)n * sizeof(i64));
    if (!I.dT) { PyErr_NoMemory(); goto done; }
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) I.dT[(size_t)j * n + i] = I.d[(size_t)i * n + j];
    size_t szn = (size_t)(nc + 2 > n ? nc + 2 : n);
    fit = malloc(szn * sizeof(int));
    if (!I.rok || !fit) { PyErr_NoMemory(); goto done; }
    for (int r = 0; r < m; r++) {
        i64 dd = I.d[(size_t)I.rs[r] * n + I.re[r]];
        I.rok[r] = I.rE[r] + dd <= I.rL[r] && dd <= I.rcap[r];
    }
    for (int t = 0; t < nthreads; t++) {
        if (!worker_alloc(&I, &W[t], szn)) { PyErr_NoMemory(); goto done; }
        /* thread 0 keeps the caller's seed, so one thread searches exactly as before threads existed;
         * the others get streams derived from it */
        uint64_t s = seed + (uint64_t)t * 0xD1B54A32D192ED03ULL;
        W[t].C.rng = t == 0 ? seed : rnext(&s);
    }
    Sol *S0 = &W[0].S[0];
    /* upper bound: every candidate that fits alone on some route */
    i64 ub = 0;
    int nfit = 0;
    for (Py_ssize_t ci = 0; ci < nc; ci++) {
        int j = I.cand[ci], fits = 0;
        for (int r = 0; r < m && !fits; r++) {
            i64 sh;
            if (I.rok[r] && I.w[j] > 0 && ins_eval(&I, S0, r, 0, j, &sh)) fits = 1;
        }
        if (fits) { ub += I.w[j]; fit[nfit++] = j; }
    }
    I.nfit = nfit;
    if (I.caps) {
        ub = capped_bound(&I, fit, nfit);
        if (ub < 0) { PyErr_NoMemory(); goto done; }
    }
    /* optional warm start: a list of m lists of nodes, taken only as far as it stays feasible */
    if (oinit != Py_None) {
        PyObject *seqo = PySequence_Fast(oinit, "init must be a sequence");
        if (!seqo) goto done;
        Py_ssize_t nr = PySequence_Fast_GET_SIZE(seqo);
        for (Py_ssize_t r = 0; r < nr && r < m; r++) {
            PyObject *rt = PySequence_Fast(PySequence_Fast_GET_ITEM(seqo, r), "route must be a sequence");
            if (!rt) { Py_DECREF(seqo); goto done; }
            for (Py_ssize_t k = 0; k < PySequence_Fast_GET_SIZE(rt); k++) {
                long j = PyLong_AsLong(PySequence_Fast_GET_ITEM(rt, k));
                if (j < 0 || j >= n || S0->where[j] >= 0 || !I.rok[r]) continue;
                int ok = 0;
                for (Py_ssize_t ci = 0; ci < nc; ci++) if (I.cand[ci] == j) ok = 1;
                i64 sh;
                if (ok && ins_eval(&I, S0, (int)r, S0->len[r], (int)j, &sh))
                    insert_after(&I, S0, (int)r, S0->len[r], (int)j);
            }
            Py_DECREF(rt);
        }
        Py_DECREF(seqo);
        if (PyErr_Occurred()) goto done;
        for (int t = 0; t < nthreads; t++) {
            if (t > 0) sol_copy(&W[t].S[0], S0);
            sol_copy(&W[t].S[1], S0);
        }
    }
    if (nthreads > 1) {
        share.pub = calloc((size_t)(2 * nthreads), sizeof(Sol));
        share.pub_gen = malloc((size_t)(2 * nthreads) * sizeof(long long));
        if (!share.pub || !share.pub_gen) { PyErr_NoMemory(); goto done; }
        for (int k = 0; k < 2 * nthreads; k++) {
            share.pub_gen[k] = -1;
            if (!sol_alloc(&I, &share.pub[k])) { PyErr_NoMemory(); goto done; }
        }
        pthread_mutex_init(&share.mu, NULL);
        pthread_cond_init(&share.cv, NULL);
        share_init = 1;
        share.nthreads = share.active = nthreads;
    }
    {
        int stop = 0, started = 0, failed = 0;
        double t0 = now_s();
        PyThreadState *gil;
        pthread_t *tid = malloc((size_t)nthreads * sizeof(pthread_t));
        if (!tid) { PyErr_NoMemory(); goto done; }
        for (int t = 0; t < nthreads; t++) {
            Run *R = &W[t].R;
            R->budget = budget; R->max_iters = max_iters; R->t0 = t0; R->stop = &stop;
            R->gil = t == 0 ? &gil : NULL;
            R->share = nthreads > 1 ? &share : NULL;
            R->tid = t;
            W[t].ub = ub;
        }
        /* the searches touch no Python object: let other Python threads run meanwhile */
        gil = PyEval_SaveThread();
        for (int t = 1; t < nthreads; t++) {
            if (pthread_create(&tid[t], NULL, worker_run, &W[t]) != 0) {
                failed = 1;
                __atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
                /* neither the threads not started nor thread 0 (which will not search) reach the
                 * barrier: the started ones must not wait for them */
                for (int u = t; u <= nthreads; u++) share_leave(&share);
                break;
            }
            started = t;
        }
        if (!failed) worker_run(&W[0]);
        for (int t = 1; t <= started; t++) pthread_join(tid[t], NULL);
        PyEval_RestoreThread(gil);
        free(tid);
        if (failed) { PyErr_SetString(PyExc_RuntimeError, "_core.solve: cannot start a thread"); goto done; }
    }
    if (W[0].R.interrupted) goto done;
    {
        /* the best of the searches, ties to the lowest thread: deterministic for (seed, threads) */
        int bt = 0;
        long long iters = 0;
        for (int t = 0; t < nthreads; t++) {
            iters += W[t].R.iters;
            if (better(&W[t].S[2], &W[bt].S[2])) bt = t;
        }
        Sol *bs = &W[bt].S[2];
        PyObject *routes = PyList_New(m);
        if (!routes) goto done;
        for (int r = 0; r < m; r++) {
            PyObject *lst = PyList_New(bs->len[r]);
            if (!lst) { Py_DECREF(routes); goto done; }
            for (int k = 1; k <= bs->len[r]; k++)
                PyList_SET_ITEM(lst, k - 1, PyLong_FromLong(bs->seq[r * I.cap + k]));
            PyList_SET_ITEM(routes, r, lst);
        }
        result = Py_BuildValue("(NLd)", routes, iters, W[bt].R.best_at);
    }
done:
    for (int k = 0; k < 15; k++) if (B[k].held) PyBuffer_Release(&B[k].b);
    for (int t = 0; t < nthreads; t++) worker_free(&W[t]);
    free(W);
    if (share.pub)
        for (int k = 0; k < 2 * nthreads; k++) free(share.pub[k].mem);
    free(share.pub);
    free(share.pub_gen);
    if (share_init) {
        pthread_mutex_destroy(&share.mu);
        pthread_cond_destroy(&share.cv);
    }
    free(I.rok);
    free(I.dT);
    free(fit);
    return result;
}

static PyMethodDef methods[] = {
    {"solve", py_solve, METH_VARARGS,
     "solve(n, m, travel, service, weight, cand, rstart, rend, earliest, latest, cap, woff, wopen, wclose,"
     " rmax, grp, gmax, mandatory_from, budget_s, max_iters, seed, threads, init) -> (routes, iterations, best_at_s)."
     " Internal: use teatrip.solver.solve."},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef moddef = {PyModuleDef_HEAD_INIT, "_core", "TOPTW search kernel", -1, methods,
                                    NULL, NULL, NULL, NULL};

#ifndef TEATRIP_CORE_HASH
#define TEATRIP_CORE_HASH "unknown"
#endif

PyMODINIT_FUNC PyInit__core(void) {
    PyObject *mod = PyModule_Create(&moddef);
    /* lets the loader notice a stale in-place build after _core.c changed (editable installs) */
    if (mod && PyModule_AddStringConstant(mod, "SOURCE_HASH", TEATRIP_CORE_HASH) < 0) {
        Py_DECREF(mod);
        return NULL;
    }
    return mod;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * insn-count.c - a QEMU TCG plugin that counts the guest's instructions,
 * kernel and user apart, and the kernel's per translation block inside
 * the module area, in windows the guest opens and closes itself.
 *
 * Loaded by framework/vm/run --count-insns FILE (which builds it):
 *
 *	qemu-system-x86_64 -plugin insn-count.so,out=FILE[,modules=ADDR] ...
 *
 * A window edge is the guest executing the first instruction of the page
 * at KCELL_MARK_VADDR: the static program kmark (kmark.c) links one
 * function there, and nothing else in the guest maps that address.  At
 * each edge the plugin appends to FILE
 *
 *	mark SEQ kernel K user U
 *	tb VADDR INSNS		(one per module-area block run since the last edge)
 *	end
 *
 * where K and U are running totals since QEMU started and INSNS counts
 * only since the previous edge.  framework/bench/insn-report pairs the
 * Nth edge with the Nth "KCELL-MARK" line of the console and turns block
 * addresses into module names with the guest's /proc/modules.
 *
 * Every block is counted by a callback that adds its length to the
 * counters of the vCPU that ran it: exact under multi-threaded TCG, where
 * an inline add shared by the vCPUs would lose updates.  A block that
 * leaves early (a fault) is counted whole, as QEMU's own insn plugin
 * does.  Under -icount one more case: a device register access that is
 * not the last instruction of its block makes QEMU run the block again
 * up to that access in a block plugins do not see, then go on from the
 * next instruction, so the instructions after the access in the first
 * block are counted twice (a few per register access).  A "rep movs"
 * counts once per iteration, since TCG runs each iteration as a block
 * of its own.
 *
 * Debian's QEMU 7.2 supports plugins (API version 1) but ships no
 * qemu-plugin.h: the declarations below are the subset of that header
 * this file uses, with its types.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QEMU_PLUGIN_EXPORT __attribute__((visibility("default")))

typedef uint64_t qemu_plugin_id_t;
typedef struct qemu_info_t qemu_info_t;
struct qemu_plugin_tb;

enum qemu_plugin_cb_flags {
	QEMU_PLUGIN_CB_NO_REGS,
	QEMU_PLUGIN_CB_R_REGS,
	QEMU_PLUGIN_CB_RW_REGS,
};

typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index,
					    void *userdata);
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id,
					       struct qemu_plugin_tb *tb);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
					   qemu_plugin_vcpu_tb_trans_cb_t cb);
void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb,
					  qemu_plugin_vcpu_udata_cb_t cb,
					  enum qemu_plugin_cb_flags flags,
					  void *userdata);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id,
				    qemu_plugin_udata_cb_t cb, void *userdata);

QEMU_PLUGIN_EXPORT int qemu_plugin_version = 1;

/* kmark.c links its marker function here (-Wl,--section-start). */
#define KCELL_MARK_VADDR 0x10000000ULL
/* x86-64 MODULES_VADDR with a 1 GiB kernel image (KASLR, as Debian builds). */
#define MODULE_AREA_DEFAULT 0xffffffffc0000000ULL
#define MAX_VCPUS 64

/* One vCPU's counters, on a cache line of its own. */
struct vcpu_count {
	uint64_t kernel;
	uint64_t user;
} __attribute__((aligned(64)));

/* A translated block in the module area: its runs, per vCPU. */
struct module_tb {
	uint64_t vaddr;
	uint64_t insns;
	uint64_t runs[MAX_VCPUS];
	uint64_t runs_at_mark;
	struct module_tb *next;
};

static struct vcpu_count counts[MAX_VCPUS];
static uint64_t module_area = MODULE_AREA_DEFAULT;
static struct module_tb *module_tbs;	/* newest first */
static pthread_mutex_t module_tbs_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;
static FILE *out;
static uint64_t marks;

static bool vcpu_ok(unsigned int vcpu)
{
	static bool said;

	if (vcpu < MAX_VCPUS)
		return true;
	if (!__atomic_exchange_n(&said, true, __ATOMIC_RELAXED))
		fprintf(stderr, "insn-count: vCPUs beyond %d are not counted\n",
			MAX_VCPUS);
	return false;
}

/*
 * Each counter has one writer, its vCPU's thread; marked() reads them all
 * from whichever vCPU reaches the marker.  Relaxed atomics: no torn or
 * invented values, and no lock on the path of every block.
 */
static void add(uint64_t *counter, uint64_t n)
{
	__atomic_store_n(counter, __atomic_load_n(counter, __ATOMIC_RELAXED) + n,
			 __ATOMIC_RELAXED);
}

static uint64_t get(const uint64_t *counter)
{
	return __atomic_load_n(counter, __ATOMIC_RELAXED);
}

static void ran_user(unsigned int vcpu, void *insns)
{
	if (vcpu_ok(vcpu))
		add(&counts[vcpu].user, (uintptr_t)insns);
}

static void ran_kernel(unsigned int vcpu, void *insns)
{
	if (vcpu_ok(vcpu))
		add(&counts[vcpu].kernel, (uintptr_t)insns);
}

static void ran_module(unsigned int vcpu, void *data)
{
	struct module_tb *tb = data;

	if (!vcpu_ok(vcpu))
		return;
	add(&counts[vcpu].kernel, tb->insns);
	add(&tb->runs[vcpu], 1);
}

static uint64_t tb_runs(const struct module_tb *tb)
{
	uint64_t sum = 0;
	int i;

	for (i = 0; i < MAX_VCPUS; i++)
		sum += get(&tb->runs[i]);
	return sum;
}

/* The guest reached the marker: one window edge into the output file. */
static void marked(unsigned int vcpu, void *unused)
{
	uint64_t kernel = 0, user = 0, runs;
	struct module_tb *tb;
	int i;

	for (i = 0; i < MAX_VCPUS; i++) {
		kernel += get(&counts[i].kernel);
		user += get(&counts[i].user);
	}
	pthread_mutex_lock(&out_lock);
	fprintf(out, "mark %" PRIu64 " kernel %" PRIu64 " user %" PRIu64 "\n",
		++marks, kernel, user);
	pthread_mutex_lock(&module_tbs_lock);
	for (tb = module_tbs; tb; tb = tb->next) {
		runs = tb_runs(tb);
		if (runs == tb->runs_at_mark)
			continue;
		fprintf(out, "tb %" PRIx64 " %" PRIu64 "\n", tb->vaddr,
			(runs - tb->runs_at_mark) * tb->insns);
		tb->runs_at_mark = runs;
	}
	pthread_mutex_unlock(&module_tbs_lock);
	fputs("end\n", out);
	fflush(out);
	pthread_mutex_unlock(&out_lock);
}

static void translated(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	uint64_t vaddr = qemu_plugin_tb_vaddr(tb);
	uintptr_t insns = qemu_plugin_tb_n_insns(tb);
	struct module_tb *mtb;

	if (vaddr == KCELL_MARK_VADDR)
		qemu_plugin_register_vcpu_tb_exec_cb(tb, marked,
						     QEMU_PLUGIN_CB_NO_REGS,
						     NULL);
	if ((int64_t)vaddr >= 0) {
		qemu_plugin_register_vcpu_tb_exec_cb(tb, ran_user,
						     QEMU_PLUGIN_CB_NO_REGS,
						     (void *)insns);
		return;
	}
	if (vaddr < module_area) {
		qemu_plugin_register_vcpu_tb_exec_cb(tb, ran_kernel,
						     QEMU_PLUGIN_CB_NO_REGS,
						     (void *)insns);
		return;
	}
	/* Kept until QEMU exits: a block may be retranslated, never freed. */
	mtb = calloc(1, sizeof(*mtb));
	if (!mtb) {
		fprintf(stderr, "insn-count: out of memory\n");
		abort();
	}
	mtb->vaddr = vaddr;
	mtb->insns = insns;
	pthread_mutex_lock(&module_tbs_lock);
	mtb->next = module_tbs;
	module_tbs = mtb;
	pthread_mutex_unlock(&module_tbs_lock);
	qemu_plugin_register_vcpu_tb_exec_cb(tb, ran_module,
					     QEMU_PLUGIN_CB_NO_REGS, mtb);
}

static void at_exit(qemu_plugin_id_t id, void *unused)
{
	pthread_mutex_lock(&out_lock);
	fprintf(out, "exit marks %" PRIu64 "\n", marks);
	fclose(out);
	out = NULL;
	pthread_mutex_unlock(&out_lock);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info,
					   int argc, char **argv)
{
	const char *path = NULL;
	int i;

	for (i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "out=", 4)) {
			path = argv[i] + 4;
		} else if (!strncmp(argv[i], "modules=", 8)) {
			module_area = strtoull(argv[i] + 8, NULL, 0);
		} else {
			fprintf(stderr, "insn-count: unknown argument %s\n",
				argv[i]);
			return -1;
		}
	}
	if (!path) {
		fprintf(stderr, "insn-count: out=FILE is required\n");
		return -1;
	}
	out = fopen(path, "w");
	if (!out) {
		perror(path);
		return -1;
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, translated);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}

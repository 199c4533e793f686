// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for DMA leases and regions, against a real struct device
 * whose DMA API works under UML (CONFIG_UML_DMA_EMULATION, dma-direct).
 * With CONFIG_DMA_API_DEBUG the DMA layer checks every map, sync and unmap
 * the library makes as well.
 */
struct dma_lease;
static void grant_window(struct dma_lease *l);
#define KCELL_TEST_GRANT_HOOK(l)	grant_window(l)

#include <kcell/kunit.h>

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/device.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#define BUF_LEN	256

/*
 * What another CPU would do inside a grant, between the lease leaving the
 * CPU and the buffer being synced for the device: see whether the lease
 * already looks granted, and try to reclaim it.
 */
static struct {
	bool armed;
	bool looked_granted;
	void *reclaimed;
} grant_race;

static void grant_window(struct dma_lease *l)
{
	if (!grant_race.armed)
		return;
	grant_race.armed = false;
	grant_race.looked_granted = dma_lease_is_granted(l);
	grant_race.reclaimed = dma_lease_reclaim(l);
}

struct lease_test {
	struct device *dev;
	void *buf;
	struct dma_lease lease;
};

static int lease_test_init(struct kunit *test)
{
	struct lease_test *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t);
	t->dev = root_device_register("kcell_dma_test");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->dev);
	t->dev->dma_mask = &t->dev->coherent_dma_mask;
	KUNIT_ASSERT_EQ(test, dma_set_mask_and_coherent(t->dev,
							DMA_BIT_MASK(64)), 0);
	t->buf = kunit_kzalloc(test, BUF_LEN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->buf);
	test->priv = t;
	kcell_test_reports_take();
	return 0;
}

static void lease_test_exit(struct kunit *test)
{
	struct lease_test *t = test->priv;

	/* Whatever a test left mapped is unmapped before the device goes. */
	if (dma_lease_is_granted(&t->lease))
		dma_lease_reclaim(&t->lease);
	dma_lease_unmap(&t->lease);
	root_device_unregister(t->dev);
}

static const enum dma_data_direction lease_dirs[] = {
	DMA_TO_DEVICE, DMA_FROM_DEVICE, DMA_BIDIRECTIONAL,
};

static void lease_dir_desc(const enum dma_data_direction *dir, char *desc)
{
	static const char * const names[] = {
		[DMA_BIDIRECTIONAL] = "bidirectional",
		[DMA_TO_DEVICE] = "to device",
		[DMA_FROM_DEVICE] = "from device",
	};

	strscpy(desc, names[*dir], KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(lease_dir, lease_dirs, lease_dir_desc);

/* map -> cpu -> grant -> reclaim -> unmap, in each direction. */
static void lease_test_lifecycle(struct kunit *test)
{
	const enum dma_data_direction *dir = test->param_value;
	struct lease_test *t = test->priv;
	kcell_dma_t bus, again;
	u8 *cpu;

	KUNIT_ASSERT_EQ(test, dma_lease_map(&t->lease, t->dev, t->buf, BUF_LEN,
					    *dir), 0);
	KUNIT_EXPECT_EQ(test, dma_lease_len(&t->lease), (size_t)BUF_LEN);
	cpu = dma_lease_cpu(&t->lease);
	KUNIT_EXPECT_PTR_EQ(test, (void *)cpu, t->buf);
	/* A buffer for the device is filled now (see from_device_written). */
	if (*dir != DMA_FROM_DEVICE)
		cpu[0] = 0x5a;

	bus = dma_lease_grant(&t->lease);
	KUNIT_EXPECT_FALSE(test, kcell_dma_is_error(bus));
	KUNIT_EXPECT_TRUE(test, dma_lease_is_granted(&t->lease));

	KUNIT_EXPECT_PTR_EQ(test, dma_lease_reclaim(&t->lease), t->buf);
	KUNIT_EXPECT_FALSE(test, dma_lease_is_granted(&t->lease));
	KUNIT_EXPECT_PTR_EQ(test, dma_lease_cpu(&t->lease), t->buf);

	/* The mapping lives as long as the lease: the same address again. */
	again = dma_lease_grant(&t->lease);
	KUNIT_EXPECT_EQ(test, __kcell_dma_raw(again), __kcell_dma_raw(bus));
	dma_lease_reclaim(&t->lease);

	KUNIT_EXPECT_EQ(test, dma_lease_unmap(&t->lease), 0);
	KUNIT_EXPECT_NULL(test, dma_lease_cpu(&t->lease));
	/* Unmapped, it may be mapped again. */
	KUNIT_EXPECT_EQ(test, dma_lease_map(&t->lease, t->dev, t->buf, BUF_LEN,
					    *dir), 0);
	KUNIT_EXPECT_EQ(test, dma_lease_unmap(&t->lease), 0);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

static void lease_test_bad_arguments(struct kunit *test)
{
	struct lease_test *t = test->priv;

	KUNIT_EXPECT_EQ(test, dma_lease_map(&t->lease, t->dev, t->buf, 0,
					    DMA_TO_DEVICE), -EINVAL);
	KUNIT_EXPECT_EQ(test, dma_lease_map(&t->lease, t->dev, NULL, BUF_LEN,
					    DMA_TO_DEVICE), -EINVAL);
	KUNIT_EXPECT_EQ(test, dma_lease_map(&t->lease, NULL, t->buf, BUF_LEN,
					    DMA_TO_DEVICE), -EINVAL);
	KUNIT_EXPECT_EQ(test, dma_lease_map(&t->lease, t->dev, t->buf, BUF_LEN,
					    DMA_NONE), -EINVAL);
	/* Still unmapped after every refusal. */
	KUNIT_EXPECT_NULL(test, dma_lease_cpu(&t->lease));
	KUNIT_EXPECT_TRUE(test, kcell_dma_is_error(dma_lease_grant(&t->lease)));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));
}

static void lease_test_cpu_while_granted(struct kunit *test)
{
	struct lease_test *t = test->priv;

	KUNIT_ASSERT_EQ(test, dma_lease_map(&t->lease, t->dev, t->buf, BUF_LEN,
					    DMA_FROM_DEVICE), 0);
	KUNIT_EXPECT_FALSE(test, kcell_dma_is_error(dma_lease_grant(&t->lease)));
	KUNIT_EXPECT_NULL(test, dma_lease_cpu(&t->lease));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));
	KUNIT_EXPECT_TRUE(test, dma_lease_is_granted(&t->lease));
}

static void lease_test_double_grant(struct kunit *test)
{
	struct lease_test *t = test->priv;
	kcell_dma_t bus;

	KUNIT_ASSERT_EQ(test, dma_lease_map(&t->lease, t->dev, t->buf, BUF_LEN,
					    DMA_TO_DEVICE), 0);
	bus = dma_lease_grant(&t->lease);
	KUNIT_EXPECT_FALSE(test, kcell_dma_is_error(bus));
	KUNIT_EXPECT_TRUE(test, kcell_dma_is_error(dma_lease_grant(&t->lease)));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));
	/* The first grant stands and is reclaimed normally. */
	KUNIT_EXPECT_TRUE(test, dma_lease_is_granted(&t->lease));
	KUNIT_EXPECT_PTR_EQ(test, dma_lease_reclaim(&t->lease), t->buf);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

static void lease_test_reclaim_not_granted(struct kunit *test)
{
	struct lease_test *t = test->priv;

	/* Unmapped: nothing to give back. */
	KUNIT_EXPECT_NULL(test, dma_lease_reclaim(&t->lease));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));

	KUNIT_ASSERT_EQ(test, dma_lease_map(&t->lease, t->dev, t->buf, BUF_LEN,
					    DMA_TO_DEVICE), 0);
	/* CPU-owned: a second reclaim changes nothing. */
	KUNIT_EXPECT_PTR_EQ(test, dma_lease_reclaim(&t->lease), t->buf);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));
	KUNIT_EXPECT_FALSE(test, dma_lease_is_granted(&t->lease));
	KUNIT_EXPECT_PTR_EQ(test, dma_lease_cpu(&t->lease), t->buf);
}

static void lease_test_unmap_while_granted(struct kunit *test)
{
	struct lease_test *t = test->priv;

	KUNIT_ASSERT_EQ(test, dma_lease_map(&t->lease, t->dev, t->buf, BUF_LEN,
					    DMA_BIDIRECTIONAL), 0);
	KUNIT_EXPECT_FALSE(test, kcell_dma_is_error(dma_lease_grant(&t->lease)));
	KUNIT_EXPECT_EQ(test, dma_lease_unmap(&t->lease), -EBUSY);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));
	KUNIT_EXPECT_TRUE(test, dma_lease_is_granted(&t->lease));

	dma_lease_reclaim(&t->lease);
	KUNIT_EXPECT_EQ(test, dma_lease_unmap(&t->lease), 0);
	/* Unmapping an unmapped lease is harmless. */
	KUNIT_EXPECT_EQ(test, dma_lease_unmap(&t->lease), 0);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/*
 * A reclaim racing a grant: until the grant has synced the buffer for the
 * device the lease is nobody's, so the reclaim is refused instead of
 * syncing for the CPU before the grant syncs for the device.
 */
static void lease_test_reclaim_inside_grant(struct kunit *test)
{
	struct lease_test *t = test->priv;
	kcell_dma_t bus;

	KUNIT_ASSERT_EQ(test, dma_lease_map(&t->lease, t->dev, t->buf, BUF_LEN,
					    DMA_TO_DEVICE), 0);
	grant_race.armed = true;
	grant_race.reclaimed = t;
	bus = dma_lease_grant(&t->lease);
	KUNIT_EXPECT_FALSE(test, grant_race.armed);
	KUNIT_EXPECT_FALSE(test, grant_race.looked_granted);
	KUNIT_EXPECT_NULL(test, grant_race.reclaimed);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));
	/* The grant went through: the device owns the buffer. */
	KUNIT_EXPECT_FALSE(test, kcell_dma_is_error(bus));
	KUNIT_EXPECT_TRUE(test, dma_lease_is_granted(&t->lease));
	KUNIT_EXPECT_PTR_EQ(test, dma_lease_reclaim(&t->lease), t->buf);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/*
 * The address of a refused grant must not reach a descriptor silently:
 * kcell_dma_to_desc() reports it in every build, and keeps it the error
 * address (no memory) rather than turning it into one.
 */
static void lease_test_desc_of_refused_grant(struct kunit *test)
{
	struct lease_test *t = test->priv;
	kcell_dma_le64_t desc;
	__le64 raw;
	kcell_dma_t bus;

	bus = dma_lease_grant(&t->lease);
	KUNIT_EXPECT_TRUE(test, kcell_dma_is_error(bus));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));
	desc = kcell_dma_to_desc(bus);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 1);
	memcpy(&raw, &desc, sizeof(raw));
	KUNIT_EXPECT_EQ(test, le64_to_cpu(raw), (u64)DMA_MAPPING_ERROR);

	/* A granted address goes through unreported. */
	KUNIT_ASSERT_EQ(test, dma_lease_map(&t->lease, t->dev, t->buf, BUF_LEN,
					    DMA_TO_DEVICE), 0);
	bus = dma_lease_grant(&t->lease);
	desc = kcell_dma_to_desc(bus);
	memcpy(&raw, &desc, sizeof(raw));
	KUNIT_EXPECT_EQ(test, le64_to_cpu(raw), (u64)__kcell_dma_raw(bus));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/*
 * What the CPU writes into a DMA_FROM_DEVICE buffer while it owns it never
 * reaches the device (and a bounce buffer brings stale bytes back over
 * it): debug mode reports the grant that follows such a write, after a map
 * as after a reclaim.  Reading, or writing before the map, is fine.
 */
static void lease_test_from_device_written(struct kunit *test)
{
	struct lease_test *t = test->priv;
	u8 *cpu;

	memset(t->buf, 0x11, BUF_LEN);
	KUNIT_ASSERT_EQ(test, dma_lease_map(&t->lease, t->dev, t->buf, BUF_LEN,
					    DMA_FROM_DEVICE), 0);
	cpu = dma_lease_cpu(&t->lease);
	KUNIT_ASSERT_NOT_NULL(test, cpu);
	KUNIT_EXPECT_EQ(test, cpu[BUF_LEN - 1], 0x11);
	KUNIT_EXPECT_FALSE(test, kcell_dma_is_error(dma_lease_grant(&t->lease)));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);

	cpu = dma_lease_reclaim(&t->lease);
	cpu[BUF_LEN - 1] = 0x22;
	KUNIT_EXPECT_FALSE(test, kcell_dma_is_error(dma_lease_grant(&t->lease)));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));

	cpu = dma_lease_reclaim(&t->lease);
	KUNIT_EXPECT_EQ(test, dma_lease_unmap(&t->lease), 0);
	KUNIT_ASSERT_EQ(test, dma_lease_map(&t->lease, t->dev, t->buf, BUF_LEN,
					    DMA_FROM_DEVICE), 0);
	cpu = dma_lease_cpu(&t->lease);
	cpu[0] = 0x33;
	KUNIT_EXPECT_FALSE(test, kcell_dma_is_error(dma_lease_grant(&t->lease)));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));
	dma_lease_reclaim(&t->lease);
	KUNIT_EXPECT_EQ(test, dma_lease_unmap(&t->lease), 0);

	/* Writing a buffer that goes to the device is what it is for. */
	KUNIT_ASSERT_EQ(test, dma_lease_map(&t->lease, t->dev, t->buf, BUF_LEN,
					    DMA_BIDIRECTIONAL), 0);
	cpu = dma_lease_cpu(&t->lease);
	cpu[0] = 0x44;
	KUNIT_EXPECT_FALSE(test, kcell_dma_is_error(dma_lease_grant(&t->lease)));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

static void lease_test_map_twice(struct kunit *test)
{
	struct lease_test *t = test->priv;

	KUNIT_ASSERT_EQ(test, dma_lease_map(&t->lease, t->dev, t->buf, BUF_LEN,
					    DMA_TO_DEVICE), 0);
	KUNIT_EXPECT_EQ(test, dma_lease_map(&t->lease, t->dev, t->buf, BUF_LEN,
					    DMA_TO_DEVICE), -EBUSY);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));
	KUNIT_EXPECT_PTR_EQ(test, dma_lease_cpu(&t->lease), t->buf);
}

/* Map and grant in one: granted at once, the CPU's bytes on the device. */
static void lease_test_map_grant(struct kunit *test)
{
	struct lease_test *t = test->priv;
	kcell_dma_t addr;
	u8 *buf = t->buf;

	buf[0] = 0x5a;
	KUNIT_ASSERT_EQ(test, dma_lease_map_grant(&t->lease, t->dev, t->buf,
						  BUF_LEN, DMA_TO_DEVICE,
						  &addr), 0);
	KUNIT_EXPECT_FALSE(test, kcell_dma_is_error(addr));
	KUNIT_EXPECT_TRUE(test, dma_lease_is_granted(&t->lease));
	/*
	 * The address is the buffer's (UML's DMA is direct and coherent:
	 * bus == phys; the one sync instead of two is counted under swiotlb
	 * by drivers/nic/vm/test --run bounces).
	 */
	KUNIT_EXPECT_EQ(test, *(u8 *)phys_to_virt(__kcell_dma_raw(addr)), 0x5a);
	KUNIT_EXPECT_PTR_EQ(test, dma_lease_reclaim(&t->lease), t->buf);
	KUNIT_EXPECT_EQ(test, dma_lease_unmap(&t->lease), 0);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/* A mapped lease is refused; a bad argument leaves the lease unmapped. */
static void lease_test_map_grant_refused(struct kunit *test)
{
	struct lease_test *t = test->priv;
	kcell_dma_t addr;

	KUNIT_EXPECT_EQ(test, dma_lease_map_grant(&t->lease, t->dev, NULL,
						  BUF_LEN, DMA_TO_DEVICE,
						  &addr), -EINVAL);
	KUNIT_EXPECT_TRUE(test, kcell_dma_is_error(addr));
	KUNIT_ASSERT_EQ(test, dma_lease_map(&t->lease, t->dev, t->buf, BUF_LEN,
					    DMA_TO_DEVICE), 0);
	KUNIT_EXPECT_EQ(test, dma_lease_map_grant(&t->lease, t->dev, t->buf,
						  BUF_LEN, DMA_TO_DEVICE,
						  &addr), -EBUSY);
	KUNIT_EXPECT_TRUE(test, kcell_dma_is_error(addr));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));
	/* Still the CPU's, as the first map left it. */
	KUNIT_EXPECT_PTR_EQ(test, dma_lease_cpu(&t->lease), t->buf);
}

/*
 * A mapping failure, injected by narrowing the device's DMA mask below any
 * memory the kernel has: dma-direct must then refuse the mapping.
 */
static void lease_test_map_failure(struct kunit *test)
{
	struct lease_test *t = test->priv;
	u64 mask = *t->dev->dma_mask;

	*t->dev->dma_mask = DMA_BIT_MASK(12);
	KUNIT_EXPECT_EQ(test, dma_lease_map(&t->lease, t->dev, t->buf, BUF_LEN,
					    DMA_TO_DEVICE), -ENOMEM);
	*t->dev->dma_mask = mask;

	/* Nothing was leased: unmapped, and a retry works. */
	KUNIT_EXPECT_NULL(test, dma_lease_cpu(&t->lease));
	KUNIT_EXPECT_EQ(test, dma_lease_unmap(&t->lease), 0);
	KUNIT_EXPECT_EQ(test, dma_lease_map(&t->lease, t->dev, t->buf, BUF_LEN,
					    DMA_TO_DEVICE), 0);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/*
 * The completion path: a work item plays the device, fills the granted
 * buffer as hardware would (through its own mapping, not through the
 * lease) and completes, and the completion reclaims the lease.
 */
struct fake_rx {
	struct work_struct work;
	struct completion done;
	struct dma_lease *lease;
	u8 *hw_view;		/* the device's view of the buffer */
	void *reclaimed;
};

static void fake_rx_complete(struct work_struct *work)
{
	struct fake_rx *rx = container_of(work, struct fake_rx, work);

	memset(rx->hw_view, 0xc3, BUF_LEN);
	rx->reclaimed = dma_lease_reclaim(rx->lease);
	complete(&rx->done);
}

static void lease_test_completion_reclaims(struct kunit *test)
{
	struct lease_test *t = test->priv;
	struct fake_rx rx = { .lease = &t->lease, .hw_view = t->buf };
	u8 *cpu;

	INIT_WORK_ONSTACK(&rx.work, fake_rx_complete);
	init_completion(&rx.done);
	KUNIT_ASSERT_EQ(test, dma_lease_map(&t->lease, t->dev, t->buf, BUF_LEN,
					    DMA_FROM_DEVICE), 0);
	KUNIT_EXPECT_FALSE(test, kcell_dma_is_error(dma_lease_grant(&t->lease)));
	schedule_work(&rx.work);
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&rx.done, HZ), 0UL);
	flush_work(&rx.work);
	destroy_work_on_stack(&rx.work);

	KUNIT_EXPECT_PTR_EQ(test, rx.reclaimed, t->buf);
	cpu = dma_lease_cpu(&t->lease);
	KUNIT_ASSERT_NOT_NULL(test, cpu);
	KUNIT_EXPECT_EQ(test, cpu[0], 0xc3);
	KUNIT_EXPECT_EQ(test, cpu[BUF_LEN - 1], 0xc3);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/* Regions: coherent memory with bounds-checked whole-element access. */
static void region_test_alloc_free(struct kunit *test)
{
	struct lease_test *t = test->priv;
	struct dma_region r = {};

	KUNIT_EXPECT_EQ(test, dma_region_alloc(&r, t->dev, 0, GFP_KERNEL),
			-EINVAL);
	KUNIT_ASSERT_EQ(test, dma_region_alloc(&r, t->dev, 4096, GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, dma_region_size(&r), (size_t)4096);
	KUNIT_EXPECT_EQ(test, dma_region_alloc(&r, t->dev, 4096, GFP_KERNEL),
			-EINVAL);
	dma_region_free(&r);
	KUNIT_EXPECT_EQ(test, dma_region_size(&r), (size_t)0);
	KUNIT_EXPECT_TRUE(test, kcell_dma_is_error(dma_region_addr(&r, 0)));
	dma_region_free(&r);	/* harmless twice */
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));
}

static void region_test_read_write(struct kunit *test)
{
	struct lease_test *t = test->priv;
	struct dma_region r = {};
	__le64 q = 0;
	__le32 d = 0;
	u16 w = 0;
	u8 b = 0;

	KUNIT_ASSERT_EQ(test, dma_region_alloc(&r, t->dev, 64, GFP_KERNEL), 0);
	/* Coherent memory starts zeroed. */
	KUNIT_EXPECT_EQ(test, dma_region_read(&r, 56, &q), 0);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(q), 0ULL);

	KUNIT_EXPECT_EQ(test, dma_region_write(&r, 0, cpu_to_le64(0x1122334455667788ULL)), 0);
	KUNIT_EXPECT_EQ(test, dma_region_write(&r, 8, cpu_to_le32(0xdeadbeef)), 0);
	KUNIT_EXPECT_EQ(test, dma_region_write(&r, 12, (u16)0xabcd), 0);
	KUNIT_EXPECT_EQ(test, dma_region_write(&r, 63, (u8)0x7f), 0);

	KUNIT_EXPECT_EQ(test, dma_region_read(&r, 0, &q), 0);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(q), 0x1122334455667788ULL);
	KUNIT_EXPECT_EQ(test, dma_region_read(&r, 8, &d), 0);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(d), 0xdeadbeefU);
	KUNIT_EXPECT_EQ(test, dma_region_read(&r, 12, &w), 0);
	KUNIT_EXPECT_EQ(test, w, 0xabcd);
	KUNIT_EXPECT_EQ(test, dma_region_read(&r, 63, &b), 0);
	KUNIT_EXPECT_EQ(test, b, 0x7f);
	/* Little-endian layout: the low byte of the first quad comes first. */
	KUNIT_EXPECT_EQ(test, dma_region_read(&r, 0, &b), 0);
	KUNIT_EXPECT_EQ(test, b, 0x88);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
	dma_region_free(&r);
}

struct region_oob {
	size_t off;
	const char *why;
};

static const struct region_oob region_oobs[] = {
	{ 64, "one past the end" },
	{ 60, "straddles the end" },
	{ 4, "misaligned" },
	{ SIZE_MAX - 3, "offset overflows" },
	/* Aligned, so that only the bounds check can refuse it. */
	{ SIZE_MAX - 7, "aligned offset wraps" },
};

static void region_oob_desc(const struct region_oob *o, char *desc)
{
	strscpy(desc, o->why, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(region_oob, region_oobs, region_oob_desc);

static void region_test_out_of_bounds(struct kunit *test)
{
	const struct region_oob *o = test->param_value;
	struct lease_test *t = test->priv;
	struct dma_region r = {};
	u64 q = 0x1234, all;
	size_t off;

	KUNIT_ASSERT_EQ(test, dma_region_alloc(&r, t->dev, 64, GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, dma_region_write(&r, o->off, (u64)~0ULL), -ERANGE);
	KUNIT_EXPECT_EQ(test, dma_region_read(&r, o->off, &q), -ERANGE);
	KUNIT_EXPECT_EQ(test, q, 0x1234ULL);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(2));
	/* Nothing was written anywhere. */
	for (off = 0; off < 64; off += 8) {
		KUNIT_EXPECT_EQ(test, dma_region_read(&r, off, &all), 0);
		KUNIT_EXPECT_EQ(test, all, 0ULL);
	}
	dma_region_free(&r);
}

struct ring_desc {
	__le64 addr;
	__le32 len;
	__le32 status;
};

/*
 * An index so large that index * sizeof(element) wraps a size_t back into
 * the region: refused, not written over element 0.
 */
static void region_test_index_wraps(struct kunit *test)
{
	size_t wrap = SIZE_MAX / sizeof(struct ring_desc) + 1;
	struct lease_test *t = test->priv;
	struct dma_region r = {};
	__le32 status = cpu_to_le32(0x1234);
	u64 all;
	size_t off;

	KUNIT_ASSERT_EQ(test, dma_region_alloc(&r, t->dev,
					       4 * sizeof(struct ring_desc),
					       GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, dma_region_write_field(&r, wrap, struct ring_desc,
						     status, cpu_to_le32(~0U)),
			-ERANGE);
	KUNIT_EXPECT_EQ(test, dma_region_read_field(&r, wrap, struct ring_desc,
						    status, &status), -ERANGE);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(status), 0x1234U);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(2));
	for (off = 0; off < dma_region_size(&r); off += 8) {
		KUNIT_EXPECT_EQ(test, dma_region_read(&r, off, &all), 0);
		KUNIT_EXPECT_EQ(test, all, 0ULL);
	}
	/* The last element is still there. */
	KUNIT_EXPECT_EQ(test, dma_region_write_field(&r, 3, struct ring_desc,
						     status, cpu_to_le32(5)), 0);
	dma_region_free(&r);
}

static void region_test_addr(struct kunit *test)
{
	struct lease_test *t = test->priv;
	struct dma_region r = {};
	kcell_dma_t base, at;

	KUNIT_ASSERT_EQ(test, dma_region_alloc(&r, t->dev, 256, GFP_KERNEL), 0);
	base = dma_region_addr(&r, 0);
	at = dma_region_addr(&r, 255);
	KUNIT_EXPECT_FALSE(test, kcell_dma_is_error(base));
	KUNIT_EXPECT_EQ(test, __kcell_dma_raw(at) - __kcell_dma_raw(base),
			(dma_addr_t)255);
	KUNIT_EXPECT_EQ(test, kcell_dma_lower_32_bits(base),
			lower_32_bits(__kcell_dma_raw(base)));
	KUNIT_EXPECT_EQ(test, kcell_dma_upper_32_bits(base),
			upper_32_bits(__kcell_dma_raw(base)));
	KUNIT_EXPECT_EQ(test, le64_to_cpu(kcell_dma_to_le64(base)),
			(u64)__kcell_dma_raw(base));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);

	KUNIT_EXPECT_TRUE(test, kcell_dma_is_error(dma_region_addr(&r, 256)));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));
	dma_region_free(&r);
}

/* A mapping moves to an unmapped lease; nothing else may move. */
static void lease_test_move(struct kunit *test)
{
	struct lease_test *t = test->priv;
	struct dma_lease *to = kunit_kzalloc(test, sizeof(*to), GFP_KERNEL);
	kcell_dma_t bus;

	KUNIT_ASSERT_NOT_NULL(test, to);
	/* Nothing to move yet. */
	KUNIT_EXPECT_EQ(test, dma_lease_move(to, &t->lease), -EBUSY);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));

	KUNIT_ASSERT_EQ(test, dma_lease_map(&t->lease, t->dev, t->buf, BUF_LEN,
					    DMA_TO_DEVICE), 0);
	KUNIT_EXPECT_EQ(test, dma_lease_move(to, &t->lease), 0);
	KUNIT_EXPECT_NULL(test, dma_lease_cpu(&t->lease));
	KUNIT_EXPECT_PTR_EQ(test, dma_lease_cpu(to), t->buf);
	KUNIT_EXPECT_EQ(test, dma_lease_len(to), (size_t)BUF_LEN);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);

	/* The moved lease works; a granted one stays where it is. */
	bus = dma_lease_grant(to);
	KUNIT_EXPECT_FALSE(test, kcell_dma_is_error(bus));
	KUNIT_EXPECT_PTR_EQ(test, kcell_fake_dev_ptr(bus), t->buf);
	KUNIT_EXPECT_EQ(test, dma_lease_move(&t->lease, to), -EBUSY);
	KUNIT_EXPECT_TRUE(test, dma_lease_is_granted(to));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));

	/* Onto a mapped lease: refused, both as they were. */
	KUNIT_EXPECT_PTR_EQ(test, dma_lease_reclaim(to), t->buf);
	KUNIT_ASSERT_EQ(test, dma_lease_map(&t->lease, t->dev, t->buf, BUF_LEN,
					    DMA_TO_DEVICE), 0);
	KUNIT_EXPECT_EQ(test, dma_lease_move(&t->lease, to), -EBUSY);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));
	KUNIT_EXPECT_PTR_EQ(test, dma_lease_cpu(to), t->buf);
	KUNIT_EXPECT_PTR_EQ(test, dma_lease_cpu(&t->lease), t->buf);
	KUNIT_EXPECT_EQ(test, dma_lease_unmap(to), 0);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/*
 * The zero-copy refill of dma_lease_swap()'s comment: the slot ends up
 * with the fresh buffer, granted, and the old one is unmapped, the CPU's.
 */
static void lease_test_swap_refill(struct kunit *test)
{
	struct lease_test *t = test->priv;
	struct dma_lease *spare = kunit_kzalloc(test, sizeof(*spare),
						GFP_KERNEL);
	u8 *fresh = kunit_kzalloc(test, BUF_LEN, GFP_KERNEL);
	kcell_dma_t bus;

	KUNIT_ASSERT_NOT_NULL(test, spare);
	KUNIT_ASSERT_NOT_NULL(test, fresh);
	/* The slot's buffer, filled by the device and reclaimed. */
	KUNIT_ASSERT_EQ(test, dma_lease_map(&t->lease, t->dev, t->buf, BUF_LEN,
					    DMA_FROM_DEVICE), 0);
	bus = dma_lease_grant(&t->lease);
	memset(kcell_fake_dev_ptr(bus), 0x5a, BUF_LEN);
	KUNIT_ASSERT_PTR_EQ(test, dma_lease_reclaim(&t->lease), t->buf);

	/* Both must be CPU-owned. */
	KUNIT_EXPECT_EQ(test, dma_lease_swap(&t->lease, spare), -EBUSY);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));
	KUNIT_EXPECT_PTR_EQ(test, dma_lease_cpu(&t->lease), t->buf);

	KUNIT_ASSERT_EQ(test, dma_lease_map(spare, t->dev, fresh, BUF_LEN,
					    DMA_FROM_DEVICE), 0);
	KUNIT_EXPECT_EQ(test, dma_lease_swap(&t->lease, spare), 0);
	KUNIT_EXPECT_EQ(test, dma_lease_swap(spare, spare), 0);
	KUNIT_EXPECT_PTR_EQ(test, dma_lease_cpu(&t->lease), (void *)fresh);
	KUNIT_EXPECT_PTR_EQ(test, dma_lease_cpu(spare), t->buf);
	KUNIT_EXPECT_EQ(test, dma_lease_unmap(spare), 0);
	KUNIT_EXPECT_EQ(test, ((u8 *)t->buf)[BUF_LEN - 1], 0x5a);

	bus = dma_lease_grant(&t->lease);
	KUNIT_EXPECT_PTR_EQ(test, kcell_fake_dev_ptr(bus), (void *)fresh);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/*
 * A lease copied by value (memcpy here; an initialiser does the same) is
 * a second owner of the mapping: debug mode refuses a grant, a CPU access
 * and a move of the copy, and leaves the original working.  A reclaim or
 * an unmap of the copy goes through, reported: after a krealloc() of an
 * array of leases the copy is the only record of the mapping left.
 */
static void lease_test_copy_refused(struct kunit *test)
{
	struct lease_test *t = test->priv;
	struct dma_lease *copy = kunit_kzalloc(test, sizeof(*copy), GFP_KERNEL);

	if (!KCELL_TEST_DEBUG)
		kunit_skip(test, "debug mode only: a release build cannot tell a copy");
	KUNIT_ASSERT_NOT_NULL(test, copy);
	KUNIT_ASSERT_EQ(test, dma_lease_map(&t->lease, t->dev, t->buf, BUF_LEN,
					    DMA_TO_DEVICE), 0);
	memcpy(copy, &t->lease, sizeof(*copy));
	KUNIT_EXPECT_TRUE(test, kcell_dma_is_error(dma_lease_grant(copy)));
	KUNIT_EXPECT_NULL(test, dma_lease_cpu(copy));
	KUNIT_EXPECT_EQ(test, dma_lease_move(&t->lease, copy), -EBUSY);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 3);
	KUNIT_EXPECT_STREQ(test, kcell_test_last_report,
			   "a copy of a dma_lease used: move it with dma_lease_move()");
	KUNIT_EXPECT_PTR_EQ(test, dma_lease_cpu(&t->lease), t->buf);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);

	/* The original's memory goes, as a krealloc() would free it. */
	memset(&t->lease, 0, sizeof(t->lease));
	KUNIT_EXPECT_EQ(test, dma_lease_unmap(copy), 0);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 1);
	KUNIT_EXPECT_FALSE(test, dma_lease_is_mapped(copy));
	/* Adopted: the next operations on it are no misuse. */
	KUNIT_EXPECT_EQ(test, dma_lease_map(copy, t->dev, t->buf, BUF_LEN,
					    DMA_TO_DEVICE), 0);
	KUNIT_EXPECT_EQ(test, dma_lease_unmap(copy), 0);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/*
 * The same misuse at one site, three times: one WARN, three counts in the
 * site, and one line for it in the module's list.
 */
static void lease_test_report_once_per_site(struct kunit *test)
{
	struct lease_test *t = test->priv;
	char *page = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	char want[96];
	int i, line = 0;

	if (!KCELL_TEST_DEBUG)
		kunit_skip(test, "debug mode only: a release build has no sites");
	KUNIT_ASSERT_NOT_NULL(test, page);
	for (i = 0; i < 3; i++) {
		line = __LINE__ + 1;
		KUNIT_EXPECT_NULL(test, dma_lease_reclaim(&t->lease));
	}
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 3);
	KUNIT_ASSERT_GT(test, kcell_reports_show(page), 0);
	snprintf(want, sizeof(want), "3 %s:%d %s(): ", __FILE__, line,
		 __func__);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(page, want), "%s", page);
	KUNIT_EXPECT_NOT_NULL(test, strstr(page,
					   "dma_lease_reclaim of an unmapped lease"));
}

/* The helpers that turn an address into a number for a message. */
static void lease_test_addr_numbers(struct kunit *test)
{
	struct lease_test *t = test->priv;
	kcell_dma_le64_t field;
	kcell_dma_t bus;

	KUNIT_ASSERT_EQ(test, dma_lease_map(&t->lease, t->dev, t->buf, BUF_LEN,
					    DMA_TO_DEVICE), 0);
	bus = dma_lease_grant(&t->lease);
	field = kcell_dma_to_desc(bus);
	KUNIT_EXPECT_EQ(test, kcell_dma_to_u64(bus), (u64)__kcell_dma_raw(bus));
	KUNIT_EXPECT_EQ(test, kcell_dma_desc_to_u64(field),
			(u64)__kcell_dma_raw(bus));
	KUNIT_EXPECT_PTR_EQ(test, kcell_fake_dev_desc_ptr(field), t->buf);
}

/* An element type of another size than region_test_desc. */
struct rx_ring_test_elem {
	__le32 word;
};

struct region_test_desc {
	kcell_dma_le64_t addr;
	__le32 len;
	__le32 status;
};

/*
 * A region of typed elements takes field writes only: debug mode refuses
 * an untyped write, and a field access of an element type of another size.
 */
static void region_test_typed(struct kunit *test)
{
	struct lease_test *t = test->priv;
	struct dma_region r = {};
	__le32 status = 0;
	__le64 raw = 0;

	KUNIT_EXPECT_EQ(test, dma_region_alloc_array(&r, t->dev, SIZE_MAX / 8,
						     struct region_test_desc,
						     GFP_KERNEL), -EINVAL);
	KUNIT_ASSERT_EQ(test, dma_region_alloc_array(&r, t->dev, 8,
						     struct region_test_desc,
						     GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, dma_region_size(&r),
			8 * sizeof(struct region_test_desc));
	KUNIT_EXPECT_EQ(test, dma_region_write_field(&r, 3, struct region_test_desc,
						     status, cpu_to_le32(7)), 0);
	KUNIT_EXPECT_EQ(test, dma_region_read_field(&r, 3, struct region_test_desc,
						    status, &status), 0);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(status), 7U);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);

	/* A raw number where the address field is. */
	KUNIT_EXPECT_EQ(test, dma_region_write(&r, 3 * 16, cpu_to_le64(0x1000)),
			KCELL_TEST_DEBUG ? -ERANGE : 0);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));
	KUNIT_EXPECT_EQ(test, dma_region_read(&r, 3 * 16, &raw), 0);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(raw), KCELL_TEST_DEBUG ? 0 : 0x1000ULL);
	/* Reading whole words stays allowed. */
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);

	/* Another element type, of another size. */
	KUNIT_EXPECT_EQ(test, dma_region_read_field(&r, 0, struct rx_ring_test_elem,
						    word, &status),
			KCELL_TEST_DEBUG ? -ERANGE : 0);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));
	dma_region_free(&r);
}

/*
 * A command block whose parameters are a block, as the 8255x's; of
 * another size than region_test_desc.
 */
struct region_test_cb {
	__le16 status;
	__le16 command;
	kcell_dma_le32_t link;
	u8 params[12];
};

/*
 * A block field is copied in whole, inside its element and nowhere else;
 * out of the region, or through another element type (debug mode), it is
 * refused and nothing is written.
 */
static void region_test_copy_in_field(struct kunit *test)
{
	struct lease_test *t = test->priv;
	u8 params[12] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	struct dma_region r = {};
	u8 snap[2 * sizeof(struct region_test_cb)];

	KUNIT_ASSERT_EQ(test, dma_region_alloc_array(&r, t->dev, 2,
						     struct region_test_cb,
						     GFP_KERNEL), 0);
	dma_region_zero(&r);
	KUNIT_EXPECT_EQ(test, dma_region_copy_in_field(&r, 1, struct region_test_cb,
						       params, &params), 0);
	KUNIT_EXPECT_EQ(test, dma_region_copy_out(&r, 0, snap, sizeof(snap)), 0);
	KUNIT_EXPECT_NULL(test, memchr_inv(snap, 0, sizeof(struct region_test_cb) + 8));
	KUNIT_EXPECT_EQ(test, memcmp(snap + sizeof(struct region_test_cb) + 8,
				     params, sizeof(params)), 0);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);

	params[0] = 9;
	KUNIT_EXPECT_EQ(test, dma_region_copy_in_field(&r, 2, struct region_test_cb,
						       params, &params), -ERANGE);
	KUNIT_EXPECT_EQ(test, dma_region_copy_in_field(&r, SIZE_MAX / 2,
						       struct region_test_cb,
						       params, &params), -ERANGE);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(2));
	KUNIT_EXPECT_EQ(test, dma_region_copy_in_field(&r, 0, struct region_test_desc,
						       len, &(__le32){ 0 }),
			KCELL_TEST_DEBUG ? -ERANGE : 0);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));
	KUNIT_EXPECT_EQ(test, dma_region_copy_out(&r, 0, snap, sizeof(snap)), 0);
	KUNIT_EXPECT_EQ(test, snap[sizeof(struct region_test_cb) + 8], 1);
	dma_region_free(&r);
}

/* Zero, snapshot and swap. */
static void region_test_zero_copy_swap(struct kunit *test)
{
	struct lease_test *t = test->priv;
	struct dma_region a = {}, b = {};
	__le32 snap[4] = {}, word = 0;
	kcell_dma_t a_bus;

	KUNIT_ASSERT_EQ(test, dma_region_alloc(&a, t->dev, 64, GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, dma_region_write(&a, 4, cpu_to_le32(11)), 0);
	KUNIT_EXPECT_EQ(test, dma_region_write(&a, 12, cpu_to_le32(13)), 0);
	KUNIT_EXPECT_EQ(test, dma_region_copy_out(&a, 0, snap, sizeof(snap)), 0);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(snap[1]), 11U);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(snap[3]), 13U);
	KUNIT_EXPECT_EQ(test, dma_region_copy_out(&a, 60, snap, 8), -ERANGE);
	KUNIT_EXPECT_EQ(test, dma_region_copy_out(&a, SIZE_MAX, snap, 8), -ERANGE);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(2));

	a_bus = dma_region_addr(&a, 0);
	dma_region_swap(&a, &b);
	KUNIT_EXPECT_EQ(test, dma_region_size(&a), (size_t)0);
	KUNIT_EXPECT_EQ(test, dma_region_size(&b), (size_t)64);
	KUNIT_EXPECT_EQ(test, kcell_dma_to_u64(dma_region_addr(&b, 0)),
			kcell_dma_to_u64(a_bus));
	KUNIT_EXPECT_EQ(test, dma_region_read(&b, 12, &word), 0);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(word), 13U);

	dma_region_zero(&b);
	KUNIT_EXPECT_EQ(test, dma_region_read(&b, 12, &word), 0);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(word), 0U);
	dma_region_zero(&a);	/* unallocated: nothing */
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
	dma_region_free(&b);
}

/*
 * Part of a compound page, past its first page, as a page_pool or an skb
 * fragment hands it out: the same states, and the CPU pointer is the
 * page's linear address plus the offset.
 */
static void lease_test_page(struct kunit *test)
{
	struct lease_test *t = test->priv;
	struct page *page = alloc_pages(GFP_KERNEL | __GFP_COMP, 1);
	size_t off = PAGE_SIZE + 100;
	kcell_dma_t bus;
	u8 *cpu;

	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_EXPECT_EQ(test, dma_lease_map_page(&t->lease, t->dev, NULL, 0,
						 BUF_LEN, DMA_FROM_DEVICE),
			-EINVAL);
	KUNIT_ASSERT_EQ(test, dma_lease_map_page(&t->lease, t->dev, page, off,
						 BUF_LEN, DMA_FROM_DEVICE), 0);
	cpu = dma_lease_cpu(&t->lease);
	KUNIT_EXPECT_PTR_EQ(test, (void *)cpu, page_address(page) + off);
	bus = dma_lease_grant(&t->lease);
	KUNIT_ASSERT_FALSE(test, kcell_dma_is_error(bus));
	memset(kcell_fake_dev_ptr(bus), 0xa5, BUF_LEN);
	KUNIT_EXPECT_PTR_EQ(test, dma_lease_reclaim(&t->lease), (void *)cpu);
	KUNIT_EXPECT_EQ(test, cpu[0], 0xa5);
	KUNIT_EXPECT_EQ(test, cpu[BUF_LEN - 1], 0xa5);
	/* Mapped once: a second map is refused as for any lease. */
	KUNIT_EXPECT_EQ(test, dma_lease_map_page(&t->lease, t->dev, page, 0,
						 BUF_LEN, DMA_TO_DEVICE), -EBUSY);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));
	KUNIT_EXPECT_EQ(test, dma_lease_unmap(&t->lease), 0);
	__free_pages(page, 1);
}

/* skb_frag_dma_map() under a lease, mapped and granted at once. */
static void lease_test_frag(struct kunit *test)
{
	struct lease_test *t = test->priv;
	struct page *page = alloc_page(GFP_KERNEL);
	struct sk_buff *skb = alloc_skb(64, GFP_KERNEL);
	kcell_dma_t bus;

	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	memset(page_address(page), 0x3c, PAGE_SIZE);
	((u8 *)page_address(page))[512 + 16] = 0x77;
	/* The skb's reference: kfree_skb() drops it. */
	skb_fill_page_desc(skb, 0, page, 512, 1024);
	KUNIT_ASSERT_EQ(test, dma_lease_map_frag_grant(&t->lease, t->dev,
						       &skb_shinfo(skb)->frags[0],
						       16, 64, DMA_TO_DEVICE,
						       &bus), 0);
	KUNIT_EXPECT_TRUE(test, dma_lease_is_granted(&t->lease));
	/* The device reads the fragment's bytes from offset 16 on. */
	KUNIT_EXPECT_EQ(test, *(u8 *)kcell_fake_dev_ptr(bus), 0x77);
	KUNIT_EXPECT_EQ(test, dma_lease_len(&t->lease), (size_t)64);
	KUNIT_EXPECT_PTR_EQ(test, dma_lease_reclaim(&t->lease),
			    page_address(page) + 512 + 16);
	KUNIT_EXPECT_EQ(test, dma_lease_unmap(&t->lease), 0);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
	kfree_skb(skb);
}

/*
 * A status word the device writes into the buffer itself, read while the
 * lease stays granted; out of bounds and unmapped are refused.
 */
static void lease_test_peek(struct kunit *test)
{
	struct lease_test *t = test->priv;
	__le16 status = 0;
	kcell_dma_t bus;

	KUNIT_EXPECT_EQ(test, dma_lease_peek(&t->lease, 0, &status,
					     sizeof(status)), -EINVAL);
	KUNIT_ASSERT_EQ(test, dma_lease_map(&t->lease, t->dev, t->buf, BUF_LEN,
					    DMA_BIDIRECTIONAL), 0);
	bus = dma_lease_grant(&t->lease);
	KUNIT_ASSERT_FALSE(test, kcell_dma_is_error(bus));
	((__le16 *)kcell_fake_dev_ptr(bus))[2] = cpu_to_le16(0x8001);
	KUNIT_EXPECT_EQ(test, dma_lease_peek(&t->lease, 4, &status,
					     sizeof(status)), 0);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(status), 0x8001);
	KUNIT_EXPECT_TRUE(test, dma_lease_is_granted(&t->lease));
	KUNIT_EXPECT_NULL(test, dma_lease_cpu(&t->lease));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));

	KUNIT_EXPECT_EQ(test, dma_lease_peek(&t->lease, BUF_LEN - 1, &status,
					     sizeof(status)), -ERANGE);
	KUNIT_EXPECT_EQ(test, dma_lease_peek(&t->lease, SIZE_MAX, &status,
					     sizeof(status)), -ERANGE);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(2));
	KUNIT_EXPECT_PTR_EQ(test, dma_lease_reclaim(&t->lease), t->buf);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/* The little-endian word at @p, aligned or not. */
static u32 le32_at(const void *p)
{
	__le32 v;

	memcpy(&v, p, sizeof(v));
	return le32_to_cpu(v);
}

/*
 * A poke reaches the device's view of a granted buffer and leaves the
 * lease granted; a CPU-owned buffer is written in place; a write out of
 * bounds, or into a DMA_FROM_DEVICE buffer (which nothing syncs towards
 * the device), is refused and reported.
 */
static void lease_test_poke(struct kunit *test)
{
	struct lease_test *t = test->priv;
	__le32 link = cpu_to_le32(0x12345678);
	kcell_dma_t bus;
	u8 *dev_view;

	KUNIT_EXPECT_EQ(test, dma_lease_poke(&t->lease, 0, &link,
					     sizeof(link)), -EINVAL);
	memset(t->buf, 0xaa, BUF_LEN);
	KUNIT_ASSERT_EQ(test, dma_lease_map(&t->lease, t->dev, t->buf, BUF_LEN,
					    DMA_BIDIRECTIONAL), 0);
	KUNIT_EXPECT_EQ(test, dma_lease_poke(&t->lease, 0, &link,
					     sizeof(link)), 0);
	KUNIT_EXPECT_EQ(test, le32_at(t->buf), 0x12345678);
	bus = dma_lease_grant(&t->lease);
	KUNIT_ASSERT_FALSE(test, kcell_dma_is_error(bus));
	dev_view = kcell_fake_dev_ptr(bus);
	link = cpu_to_le32(0x9abcdef0);
	KUNIT_EXPECT_EQ(test, dma_lease_poke(&t->lease, 8, &link,
					     sizeof(link)), 0);
	KUNIT_EXPECT_EQ(test, le32_at(dev_view + 8), 0x9abcdef0);
	/* Only the range: the bytes around it are as the device left them. */
	KUNIT_EXPECT_EQ(test, dev_view[7], 0xaa);
	KUNIT_EXPECT_EQ(test, dev_view[12], 0xaa);
	KUNIT_EXPECT_TRUE(test, dma_lease_is_granted(&t->lease));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);

	KUNIT_EXPECT_EQ(test, dma_lease_poke(&t->lease, BUF_LEN - 2, &link,
					     sizeof(link)), -ERANGE);
	KUNIT_EXPECT_EQ(test, dma_lease_poke(&t->lease, SIZE_MAX, &link,
					     sizeof(link)), -ERANGE);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(2));
	KUNIT_EXPECT_PTR_EQ(test, dma_lease_reclaim(&t->lease), t->buf);
	KUNIT_EXPECT_EQ(test, le32_at(t->buf + 8), 0x9abcdef0);
	KUNIT_EXPECT_EQ(test, dma_lease_unmap(&t->lease), 0);

	KUNIT_ASSERT_EQ(test, dma_lease_map(&t->lease, t->dev, t->buf, BUF_LEN,
					    DMA_FROM_DEVICE), 0);
	KUNIT_ASSERT_FALSE(test, kcell_dma_is_error(dma_lease_grant(&t->lease)));
	KUNIT_EXPECT_EQ(test, dma_lease_poke(&t->lease, 0, &link,
					     sizeof(link)), -EINVAL);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));
	KUNIT_EXPECT_EQ(test, le32_at(t->buf), 0x12345678);
	KUNIT_EXPECT_PTR_EQ(test, dma_lease_reclaim(&t->lease), t->buf);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/* The address again while granted; none before the grant or after the reclaim. */
static void lease_test_addr_again(struct kunit *test)
{
	struct lease_test *t = test->priv;
	kcell_dma_t bus;

	KUNIT_ASSERT_EQ(test, dma_lease_map(&t->lease, t->dev, t->buf, BUF_LEN,
					    DMA_BIDIRECTIONAL), 0);
	KUNIT_EXPECT_TRUE(test, kcell_dma_is_error(dma_lease_addr(&t->lease)));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));
	bus = dma_lease_grant(&t->lease);
	KUNIT_EXPECT_EQ(test, kcell_dma_to_u64(dma_lease_addr(&t->lease)),
			kcell_dma_to_u64(bus));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
	KUNIT_EXPECT_PTR_EQ(test, dma_lease_reclaim(&t->lease), t->buf);
	KUNIT_EXPECT_TRUE(test, kcell_dma_is_error(dma_lease_addr(&t->lease)));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));
}

/*
 * A 32-bit descriptor field takes an address below 4 GiB as it is; one
 * above, or the error address, is reported in every build and becomes all
 * ones rather than its low half, which would be someone else's memory.
 */
static void lease_test_desc32(struct kunit *test)
{
	struct lease_test *t = test->priv;
	kcell_dma_le32_t field;
	kcell_dma_t bus;

	KUNIT_ASSERT_EQ(test, dma_lease_map(&t->lease, t->dev, t->buf, BUF_LEN,
					    DMA_TO_DEVICE), 0);
	bus = dma_lease_grant(&t->lease);
	KUNIT_ASSERT_FALSE(test, kcell_dma_is_error(bus));
	KUNIT_ASSERT_EQ(test, kcell_dma_upper_32_bits(bus), 0);
	field = kcell_dma_to_desc32(bus);
	KUNIT_EXPECT_EQ(test, kcell_dma_desc32_to_u64(field),
			kcell_dma_to_u64(bus));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);

	field = kcell_dma_to_desc32(KCELL_DMA_ERROR);
	KUNIT_EXPECT_EQ(test, kcell_dma_desc32_to_u64(field), (u64)U32_MAX);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 1);
	if (sizeof(dma_addr_t) > 4) {
		bus = (__force kcell_dma_t)((dma_addr_t)0x100001000ULL);
		field = kcell_dma_to_desc32(bus);
		KUNIT_EXPECT_EQ(test, kcell_dma_desc32_to_u64(field),
				(u64)U32_MAX);
		KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 1);
	}
	KUNIT_EXPECT_PTR_EQ(test, dma_lease_reclaim(&t->lease), t->buf);
}

/*
 * A buffer of three pieces under a scatter-gather lease: the device
 * writes each segment through its bus address, the CPU sees it after the
 * reclaim; a second grant, an unmap while granted and a CPU access while
 * granted are refused.
 */
static void sg_lease_test_cycle(struct kunit *test)
{
	struct lease_test *t = test->priv;
	struct dma_sg_lease *l = kunit_kzalloc(test, sizeof(*l), GFP_KERNEL);
	const struct sg_table *dev_sgt;
	struct scatterlist *sg;
	struct sg_table sgt;
	u8 *piece[3];
	int i, n = 0;

	KUNIT_ASSERT_NOT_NULL(test, l);
	KUNIT_ASSERT_EQ(test, sg_alloc_table(&sgt, 3, GFP_KERNEL), 0);
	for_each_sgtable_sg(&sgt, sg, i) {
		piece[i] = kunit_kzalloc(test, 64 * (i + 1), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, piece[i]);
		sg_set_buf(sg, piece[i], 64 * (i + 1));
	}
	KUNIT_EXPECT_EQ(test, dma_sg_lease_map(l, t->dev, NULL,
					       DMA_FROM_DEVICE), -EINVAL);
	KUNIT_ASSERT_EQ(test, dma_sg_lease_map(l, t->dev, &sgt,
					       DMA_FROM_DEVICE), 0);
	KUNIT_EXPECT_PTR_EQ(test, dma_sg_lease_table(l), &sgt);
	dev_sgt = dma_sg_lease_grant(l);
	KUNIT_ASSERT_PTR_EQ(test, dev_sgt, (const struct sg_table *)&sgt);
	for_each_sgtable_dma_sg(dev_sgt, sg, i) {
		memset(kcell_fake_dev_ptr(kcell_sg_dma_address(sg)), 0x40 + i,
		       sg_dma_len(sg));
		n++;
	}
	KUNIT_EXPECT_GT(test, n, 0);
	KUNIT_EXPECT_NULL(test, dma_sg_lease_grant(l));
	KUNIT_EXPECT_EQ(test, dma_sg_lease_unmap(l), -EBUSY);
	KUNIT_EXPECT_NULL(test, dma_sg_lease_table(l));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(3));
	KUNIT_EXPECT_TRUE(test, dma_sg_lease_is_granted(l));

	KUNIT_EXPECT_PTR_EQ(test, dma_sg_lease_reclaim(l), &sgt);
	/* dma-direct under UML maps each piece as it is: one segment each. */
	for (i = 0; i < 3; i++) {
		KUNIT_EXPECT_EQ(test, piece[i][0], 0x40 + i);
		KUNIT_EXPECT_EQ(test, piece[i][64 * (i + 1) - 1], 0x40 + i);
	}
	KUNIT_EXPECT_EQ(test, dma_sg_lease_unmap(l), 0);
	KUNIT_EXPECT_NULL(test, dma_sg_lease_reclaim(l));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));

	/* Transmit: mapped and granted at once, one sync. */
	piece[1][5] = 0x99;
	KUNIT_ASSERT_EQ(test, dma_sg_lease_map_grant(l, t->dev, &sgt,
						     DMA_TO_DEVICE, &dev_sgt), 0);
	sg = sg_next(dev_sgt->sgl);
	KUNIT_EXPECT_EQ(test, ((u8 *)kcell_fake_dev_ptr(kcell_sg_dma_address(sg)))[5],
			0x99);
	KUNIT_EXPECT_EQ(test, dma_sg_lease_map(l, t->dev, &sgt, DMA_TO_DEVICE),
			-EBUSY);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));
	KUNIT_EXPECT_PTR_EQ(test, dma_sg_lease_reclaim(l), &sgt);
	KUNIT_EXPECT_EQ(test, dma_sg_lease_unmap(l), 0);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
	sg_free_table(&sgt);
}

static struct kunit_case lease_test_cases[] = {
	KUNIT_CASE_PARAM(lease_test_lifecycle, lease_dir_gen_params),
	KUNIT_CASE(lease_test_bad_arguments),
	KUNIT_CASE(lease_test_cpu_while_granted),
	KUNIT_CASE(lease_test_double_grant),
	KUNIT_CASE(lease_test_reclaim_not_granted),
	KUNIT_CASE(lease_test_unmap_while_granted),
	KUNIT_CASE(lease_test_reclaim_inside_grant),
	KUNIT_CASE(lease_test_desc_of_refused_grant),
	KUNIT_CASE(lease_test_from_device_written),
	KUNIT_CASE(lease_test_map_twice),
	KUNIT_CASE(lease_test_map_failure),
	KUNIT_CASE(lease_test_map_grant),
	KUNIT_CASE(lease_test_map_grant_refused),
	KUNIT_CASE(lease_test_completion_reclaims),
	KUNIT_CASE(region_test_alloc_free),
	KUNIT_CASE(region_test_read_write),
	KUNIT_CASE_PARAM(region_test_out_of_bounds, region_oob_gen_params),
	KUNIT_CASE(region_test_index_wraps),
	KUNIT_CASE(region_test_addr),
	KUNIT_CASE(lease_test_move),
	KUNIT_CASE(lease_test_swap_refill),
	KUNIT_CASE(lease_test_copy_refused),
	KUNIT_CASE(lease_test_report_once_per_site),
	KUNIT_CASE(lease_test_addr_numbers),
	KUNIT_CASE(region_test_typed),
	KUNIT_CASE(region_test_zero_copy_swap),
	KUNIT_CASE(lease_test_page),
	KUNIT_CASE(lease_test_frag),
	KUNIT_CASE(lease_test_peek),
	KUNIT_CASE(lease_test_poke),
	KUNIT_CASE(region_test_copy_in_field),
	KUNIT_CASE(lease_test_desc32),
	KUNIT_CASE(lease_test_addr_again),
	KUNIT_CASE(sg_lease_test_cycle),
	{}
};

static struct kunit_suite lease_test_suite = {
	.name = "kcell_dma_lease",
	.init = lease_test_init,
	.exit = lease_test_exit,
	.test_cases = lease_test_cases,
};

kunit_test_suite(lease_test_suite);

MODULE_DESCRIPTION("KUnit tests for kcell DMA leases and regions");
MODULE_LICENSE("GPL");

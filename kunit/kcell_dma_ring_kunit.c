// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for DMA rings, against a real struct device whose DMA API
 * works under UML and a fake device: the test reads the descriptors and
 * writes buffers and status words through the bus addresses, as the
 * device would (kcell_fake_dev_ptr()).
 */
#include <kcell/kunit.h>

#include <kunit/test.h>
#include <linux/device.h>
#include <linux/slab.h>

#define RING_LEN	4
#define BUF_LEN		128
#define DESC_DONE	0x01
#define DESC_OWN	0x80

struct ring_test_desc {
	kcell_dma_le64_t addr;
	__le16 len;
	u8 status;
	u8 pad[5];
};

/* Another descriptor layout, of another size. */
struct ring_test_small_desc {
	__le32 word;
};

struct ring_test {
	struct device *dev;
	struct dma_ring ring;
	u8 *buf[RING_LEN];
};

static int ring_test_init(struct kunit *test)
{
	struct ring_test *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t);
	t->dev = root_device_register("kcell_ring_test");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->dev);
	t->dev->dma_mask = &t->dev->coherent_dma_mask;
	KUNIT_ASSERT_EQ(test, dma_set_mask_and_coherent(t->dev,
							DMA_BIT_MASK(64)), 0);
	for (i = 0; i < RING_LEN; i++) {
		t->buf[i] = kunit_kzalloc(test, BUF_LEN, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, t->buf[i]);
	}
	KUNIT_ASSERT_EQ(test, dma_ring_alloc(&t->ring, t->dev, RING_LEN,
					     struct ring_test_desc, status,
					     GFP_KERNEL), 0);
	test->priv = t;
	kcell_test_reports_take();
	return 0;
}

static void ring_test_exit(struct kunit *test)
{
	struct ring_test *t = test->priv;
	int i;

	/* Whatever a test left with the device comes back, then goes. */
	dma_ring_stop(&t->ring);
	for (i = 0; i < RING_LEN; i++) {
		dma_ring_reclaim_stopped(&t->ring, i);
		dma_ring_unmap(&t->ring, i);
	}
	KUNIT_EXPECT_EQ(test, dma_ring_free(&t->ring), 0);
	root_device_unregister(t->dev);
}

/* The fake device's view of descriptor @i. */
static struct ring_test_desc *dev_desc(struct ring_test *t, unsigned int i)
{
	struct ring_test_desc *ring = kcell_fake_dev_ptr(dma_ring_addr(&t->ring));

	return &ring[i];
}

/* The fake device fills slot @i's buffer with @fill and marks it done. */
static void dev_complete(struct ring_test *t, unsigned int i, u8 fill,
			 u16 len)
{
	struct ring_test_desc *d = dev_desc(t, i);

	memset(kcell_fake_dev_desc_ptr(d->addr), fill, len);
	d->len = cpu_to_le16(len);
	dma_wmb();
	WRITE_ONCE(d->status, DESC_DONE);
}

static void post_rx(struct kunit *test, struct ring_test *t, unsigned int i)
{
	KUNIT_ASSERT_EQ(test, dma_ring_map(&t->ring, i, t->buf[i], BUF_LEN,
					   DMA_FROM_DEVICE), 0);
	KUNIT_ASSERT_EQ(test, dma_ring_write(&t->ring, i, struct ring_test_desc,
					     len, 0), 0);
	KUNIT_ASSERT_EQ(test, dma_ring_post(&t->ring, i, struct ring_test_desc,
					    addr), 0);
}

/*
 * Receive: every slot posted with its buffer's address in the
 * descriptor; a slot comes back only once the device marked it done, with
 * what the device wrote; posted again, it goes round once more.
 */
static void ring_test_rx_cycle(struct kunit *test)
{
	struct ring_test *t = test->priv;
	__le16 len = 0;
	u8 *got;
	int i;

	KUNIT_EXPECT_EQ(test, dma_ring_count(&t->ring), RING_LEN);
	KUNIT_EXPECT_EQ(test, dma_ring_size(&t->ring),
			RING_LEN * sizeof(struct ring_test_desc));
	for (i = 0; i < RING_LEN; i++)
		post_rx(test, t, i);
	dma_ring_start(&t->ring);
	for (i = 0; i < RING_LEN; i++) {
		KUNIT_EXPECT_PTR_EQ(test, kcell_fake_dev_desc_ptr(dev_desc(t, i)->addr),
				    (void *)t->buf[i]);
		KUNIT_EXPECT_TRUE(test, dma_ring_is_granted(&t->ring, i));
	}
	/* Not done: nothing moves, and that is no misuse. */
	KUNIT_EXPECT_NULL(test, dma_ring_reclaim(&t->ring, 1, DESC_DONE));
	KUNIT_EXPECT_TRUE(test, dma_ring_is_granted(&t->ring, 1));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);

	dev_complete(t, 1, 0x5a, 60);
	got = dma_ring_reclaim(&t->ring, 1, DESC_DONE);
	KUNIT_ASSERT_PTR_EQ(test, (void *)got, (void *)t->buf[1]);
	KUNIT_EXPECT_EQ(test, got[0], 0x5a);
	KUNIT_EXPECT_EQ(test, got[59], 0x5a);
	KUNIT_EXPECT_EQ(test, dma_ring_read(&t->ring, 1, struct ring_test_desc,
					    len, &len), 0);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(len), 60);
	KUNIT_EXPECT_PTR_EQ(test, dma_ring_cpu(&t->ring, 1), (void *)t->buf[1]);
	/* A second reclaim of the same completion takes nothing. */
	KUNIT_EXPECT_NULL(test, dma_ring_reclaim(&t->ring, 1, DESC_DONE));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));

	/*
	 * Posted again, with the done bit of the last round still in the
	 * descriptor: the post clears it, and the device owns the buffer
	 * until it says done again.
	 */
	KUNIT_EXPECT_EQ(test, dev_desc(t, 1)->status, DESC_DONE);
	KUNIT_EXPECT_EQ(test, dma_ring_post(&t->ring, 1, struct ring_test_desc,
					    addr), 0);
	KUNIT_EXPECT_EQ(test, dev_desc(t, 1)->status, 0);
	KUNIT_EXPECT_NULL(test, dma_ring_reclaim(&t->ring, 1, DESC_DONE));
	KUNIT_EXPECT_TRUE(test, dma_ring_is_granted(&t->ring, 1));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/* The same for a transmit slot unmapped and mapped again for a new packet. */
static void ring_test_stale_done_bit(struct kunit *test)
{
	struct ring_test *t = test->priv;

	KUNIT_ASSERT_EQ(test, dma_ring_map_post(&t->ring, 0, t->buf[0], BUF_LEN,
						DMA_TO_DEVICE,
						struct ring_test_desc, addr), 0);
	dma_ring_start(&t->ring);
	WRITE_ONCE(dev_desc(t, 0)->status, DESC_DONE);
	KUNIT_ASSERT_PTR_EQ(test, dma_ring_reclaim(&t->ring, 0, DESC_DONE),
			    (void *)t->buf[0]);
	KUNIT_ASSERT_EQ(test, dma_ring_unmap(&t->ring, 0), 0);
	/* The next packet in the same slot, DD still set from the last. */
	KUNIT_ASSERT_EQ(test, dma_ring_map_post(&t->ring, 0, t->buf[1], BUF_LEN,
						DMA_TO_DEVICE,
						struct ring_test_desc, addr), 0);
	KUNIT_EXPECT_NULL(test, dma_ring_reclaim(&t->ring, 0, DESC_DONE));
	KUNIT_EXPECT_TRUE(test, dma_ring_is_granted(&t->ring, 0));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/*
 * A device that clears an ownership bit when done: the driver sets it
 * after the post, and the slot comes back once the device cleared it.
 */
static void ring_test_ownership_bit(struct kunit *test)
{
	struct ring_test *t = test->priv;

	post_rx(test, t, 3);
	KUNIT_EXPECT_EQ(test, dma_ring_write(&t->ring, 3, struct ring_test_desc,
					     status, DESC_OWN), 0);
	dma_ring_start(&t->ring);
	KUNIT_EXPECT_NULL(test, dma_ring_reclaim_if(&t->ring, 3, DESC_OWN, 0));
	WRITE_ONCE(dev_desc(t, 3)->status, 0);
	KUNIT_EXPECT_PTR_EQ(test, dma_ring_reclaim_if(&t->ring, 3, DESC_OWN, 0),
			    (void *)t->buf[3]);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/*
 * The misuse the ring exists for: taking a buffer back right after
 * posting it.  The device has not said done, so nothing comes back and
 * the CPU gets no pointer.
 */
static void ring_test_reclaim_after_post(struct kunit *test)
{
	struct ring_test *t = test->priv;

	KUNIT_ASSERT_EQ(test, dma_ring_map_post(&t->ring, 0, t->buf[0], BUF_LEN,
						DMA_TO_DEVICE,
						struct ring_test_desc, addr), 0);
	dma_ring_start(&t->ring);
	KUNIT_EXPECT_NULL(test, dma_ring_reclaim(&t->ring, 0, DESC_DONE));
	KUNIT_EXPECT_NULL(test, dma_ring_cpu(&t->ring, 0));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));
	/* Teardown of a running ring is refused, in every build. */
	KUNIT_EXPECT_NULL(test, dma_ring_reclaim_stopped(&t->ring, 0));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 1);
	KUNIT_EXPECT_TRUE(test, dma_ring_is_granted(&t->ring, 0));
	/* Once stopped, it comes back whatever the descriptor says. */
	dma_ring_stop(&t->ring);
	KUNIT_EXPECT_PTR_EQ(test, dma_ring_reclaim_stopped(&t->ring, 0),
			    (void *)t->buf[0]);
	KUNIT_EXPECT_NULL(test, dma_ring_reclaim_stopped(&t->ring, 1));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/*
 * A packet over three descriptors, of which the device writes back only
 * the last: each slot comes back once that one is done.
 */
static void ring_test_packet_done_at_last(struct kunit *test)
{
	struct ring_test *t = test->priv;
	int i;

	for (i = 0; i < 3; i++)
		KUNIT_ASSERT_EQ(test, dma_ring_map_post(&t->ring, i, t->buf[i],
							BUF_LEN, DMA_TO_DEVICE,
							struct ring_test_desc,
							addr), 0);
	dma_ring_start(&t->ring);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_NULL(test, dma_ring_reclaim_after(&t->ring, i, 2,
							       DESC_DONE));
	WRITE_ONCE(dev_desc(t, 2)->status, DESC_DONE);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_PTR_EQ(test,
				    dma_ring_reclaim_after(&t->ring, i, 2,
							   DESC_DONE),
				    (void *)t->buf[i]);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
	/* The last one taken back, its status says nothing of slot 0 now. */
	KUNIT_ASSERT_EQ(test, dma_ring_unmap(&t->ring, 0), 0);
	KUNIT_ASSERT_EQ(test, dma_ring_map_post(&t->ring, 0, t->buf[0], BUF_LEN,
						DMA_TO_DEVICE,
						struct ring_test_desc, addr), 0);
	KUNIT_EXPECT_NULL(test, dma_ring_reclaim_after(&t->ring, 0, 2, DESC_DONE));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));
}

/* Slots outside the ring, another descriptor type, a post of nothing. */
static void ring_test_refusals(struct kunit *test)
{
	struct ring_test *t = test->priv;
	__le32 word = 0;

	KUNIT_EXPECT_EQ(test, dma_ring_map(&t->ring, RING_LEN, t->buf[0],
					   BUF_LEN, DMA_TO_DEVICE), -ERANGE);
	KUNIT_EXPECT_EQ(test, dma_ring_write(&t->ring, RING_LEN,
					     struct ring_test_desc, status, 0),
			-ERANGE);
	KUNIT_EXPECT_NULL(test, dma_ring_reclaim(&t->ring, UINT_MAX, DESC_DONE));
	KUNIT_EXPECT_FALSE(test, dma_ring_is_granted(&t->ring, RING_LEN));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(3));

	/* Another descriptor type: refused in every build. */
	KUNIT_EXPECT_EQ(test, dma_ring_read(&t->ring, 0,
					    struct ring_test_small_desc, word,
					    &word), -ERANGE);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 1);

	/* Nothing mapped: the grant is refused, no address is written. */
	KUNIT_EXPECT_EQ(test, dma_ring_post(&t->ring, 0, struct ring_test_desc,
					    addr), -EBUSY);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));
	KUNIT_EXPECT_EQ(test, kcell_dma_desc_to_u64(dev_desc(t, 0)->addr), 0ULL);
}

/* A ring with a slot still mapped is not freed. */
static void ring_test_free_mapped(struct kunit *test)
{
	struct ring_test *t = test->priv;

	/* Started: the device may still fetch descriptors. */
	dma_ring_start(&t->ring);
	KUNIT_EXPECT_EQ(test, dma_ring_free(&t->ring), -EBUSY);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 1);
	dma_ring_stop(&t->ring);
	KUNIT_ASSERT_EQ(test, dma_ring_map(&t->ring, 2, t->buf[2], BUF_LEN,
					   DMA_TO_DEVICE), 0);
	KUNIT_EXPECT_EQ(test, dma_ring_free(&t->ring), -EBUSY);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));
	KUNIT_EXPECT_EQ(test, dma_ring_count(&t->ring), RING_LEN);
	KUNIT_EXPECT_EQ(test, dma_ring_unmap(&t->ring, 2), 0);
	KUNIT_EXPECT_EQ(test, dma_ring_free(&t->ring), 0);
	KUNIT_EXPECT_EQ(test, dma_ring_count(&t->ring), 0U);
	KUNIT_EXPECT_TRUE(test, kcell_dma_is_error(dma_ring_addr(&t->ring)));
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(1));
	/* Allocated again for the exit handler. */
	KUNIT_EXPECT_EQ(test, dma_ring_alloc(&t->ring, t->dev, RING_LEN,
					     struct ring_test_desc, status,
					     GFP_KERNEL), 0);
}

/* A command block of a 32-bit device: linked list and buffer table. */
struct ring_test_cb {
	__le16 status;
	__le16 command;
	kcell_dma_le32_t link;
	kcell_dma_le32_t tbd_array;
	struct {
		kcell_dma_le32_t buf_addr;
		__le16 size;
		__le16 eol;
	} tbd;
};

/*
 * 32-bit address fields: dma_ring_link() points each block at the next
 * and at its own buffer table, a post writes the buffer's address through
 * the table's field, and the fake device follows them to the bytes.
 */
static void ring_test_linked_32bit(struct kunit *test)
{
	struct ring_test *t = test->priv;
	struct dma_ring cbs = {};
	struct ring_test_cb *dev_cbs;
	u8 *dev_buf;
	int i;

	KUNIT_ASSERT_EQ(test, dma_ring_alloc(&cbs, t->dev, RING_LEN,
					     struct ring_test_cb, status,
					     GFP_KERNEL), 0);
	for (i = 0; i < RING_LEN; i++) {
		KUNIT_EXPECT_EQ(test, dma_ring_link(&cbs, i, struct ring_test_cb,
						    link, (i + 1) % RING_LEN,
						    status), 0);
		KUNIT_EXPECT_EQ(test, dma_ring_link(&cbs, i, struct ring_test_cb,
						    tbd_array, i, tbd), 0);
	}
	KUNIT_EXPECT_EQ(test, dma_ring_link(&cbs, RING_LEN, struct ring_test_cb,
					    link, 0, status), -ERANGE);
	KUNIT_EXPECT_EQ(test, dma_ring_link(&cbs, 0, struct ring_test_cb,
					    link, RING_LEN, status), -ERANGE);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), KCELL_DEBUG_REPORTS(2));

	dev_cbs = kcell_fake_dev_ptr(dma_ring_addr(&cbs));
	for (i = 0; i < RING_LEN; i++) {
		KUNIT_EXPECT_PTR_EQ(test, phys_to_virt(kcell_dma_desc32_to_u64(dev_cbs[i].link)),
				    (void *)&dev_cbs[(i + 1) % RING_LEN]);
		KUNIT_EXPECT_PTR_EQ(test, phys_to_virt(kcell_dma_desc32_to_u64(dev_cbs[i].tbd_array)),
				    (void *)&dev_cbs[i].tbd);
	}

	memset(t->buf[0], 0x5a, BUF_LEN);
	KUNIT_ASSERT_EQ(test, dma_ring_map_post(&cbs, 2, t->buf[0], BUF_LEN,
						DMA_TO_DEVICE, struct ring_test_cb,
						tbd.buf_addr), 0);
	dev_buf = phys_to_virt(kcell_dma_desc32_to_u64(dev_cbs[2].tbd.buf_addr));
	KUNIT_EXPECT_EQ(test, dev_buf[BUF_LEN - 1], 0x5a);
	KUNIT_EXPECT_NULL(test, dma_ring_reclaim(&cbs, 2, 0x8000));
	dev_cbs[2].status = cpu_to_le16(0xa000);
	KUNIT_EXPECT_PTR_EQ(test, dma_ring_reclaim(&cbs, 2, 0x8000), t->buf[0]);
	KUNIT_EXPECT_EQ(test, dma_ring_unmap(&cbs, 2), 0);
	dma_ring_stop(&cbs);
	KUNIT_EXPECT_EQ(test, dma_ring_free(&cbs), 0);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

static struct kunit_case ring_test_cases[] = {
	KUNIT_CASE(ring_test_rx_cycle),
	KUNIT_CASE(ring_test_stale_done_bit),
	KUNIT_CASE(ring_test_ownership_bit),
	KUNIT_CASE(ring_test_reclaim_after_post),
	KUNIT_CASE(ring_test_packet_done_at_last),
	KUNIT_CASE(ring_test_refusals),
	KUNIT_CASE(ring_test_free_mapped),
	KUNIT_CASE(ring_test_linked_32bit),
	{}
};

static struct kunit_suite ring_test_suite = {
	.name = "kcell_dma_ring",
	.init = ring_test_init,
	.exit = ring_test_exit,
	.test_cases = ring_test_cases,
};

kunit_test_suite(ring_test_suite);

MODULE_DESCRIPTION("KUnit tests for kcell's DMA rings");
MODULE_LICENSE("GPL");

// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for kcell_e1000's rings (drivers/nic/kcell_e1000_ring.c) against
 * a fake 82540EM: the test plays the device, reading the descriptors the ring
 * wrote, reading and writing packet bytes at the bus addresses found there, and
 * writing descriptors back with DD set, in the order and at the moments a test
 * chooses.  The ring runs on a real struct device whose DMA API works under
 * UML, so every lease maps, syncs and unmaps for real (and DMA_API_DEBUG checks
 * it in the debug build).
 *
 * Packets are struct sk_buff the ring only stores and returns; this UML
 * kernel has no network stack, so they are plain allocations here.
 */
#include <kcell/kunit.h>

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/io.h>
#include <linux/kthread.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <net/sch_generic.h>

/*
 * The device's registers, for the data path suite at the end: reads and
 * writes go to a plain array (@regs) and every write is logged in order,
 * so that a test can ask what the driver wrote and when; bus mastering
 * is a flag, with the receive ring's size noted at each change.  The ring
 * suite touches no register.
 */
#define KCELL_E1000_FAKE_REGS
#include "../kcell_e1000.h"

#define FAKE_REGS_SIZE	0x6000
#define FAKE_LOG_LEN	1024

static struct {
	spinlock_t lock;	/* the log: the poll writes from softirq */
	u32 regs[FAKE_REGS_SIZE / 4];
	struct { u32 reg, val; } log[FAKE_LOG_LEN];
	unsigned int logged; /* writes so far (the log keeps the last ones) */
	unsigned int status_reads;
	bool master_off;	/* bus mastering turned off */
	unsigned int master_offs;	/* times it was */
	unsigned int rx_count_at_off;	/* the RX ring's size then */
	unsigned int rx_count_at_on;	/* and when it was turned on */
} fake_hw;

static u32 kcell_e1000_rd(struct kcell_e1000 *a, u32 reg)
{
	if (reg == E1000_STATUS)
		fake_hw.status_reads++;
	return READ_ONCE(fake_hw.regs[reg / 4]);
}

static void kcell_e1000_wr(struct kcell_e1000 *a, u32 reg, u32 val)
{
	unsigned long flags;

	spin_lock_irqsave(&fake_hw.lock, flags);
	WRITE_ONCE(fake_hw.regs[reg / 4], val);
	fake_hw.log[fake_hw.logged % FAKE_LOG_LEN].reg = reg;
	fake_hw.log[fake_hw.logged % FAKE_LOG_LEN].val = val;
	fake_hw.logged++;
	spin_unlock_irqrestore(&fake_hw.lock, flags);
}

static void kcell_e1000_bus_master(struct kcell_e1000 *a, bool on)
{
	WRITE_ONCE(fake_hw.master_off, !on);
	if (on) {
		fake_hw.rx_count_at_on = a->rx.count;
	} else {
		fake_hw.master_offs++;
		fake_hw.rx_count_at_off = a->rx.count;
	}
}

/* The suite calls the driver's functions; it registers no PCI driver. */
#undef module_pci_driver
#define module_pci_driver(drv)					\
	static struct pci_driver *const kcell_e1000_test_unused	\
		__maybe_unused = &(drv)

#include "../kcell_e1000_ring.c"
#include "../kcell_e1000_datapath.c"
#include "../kcell_e1000_main.c"
#include "../kcell_e1000_ethtool.c"

#define RING	64	/* the smallest ring the driver accepts */

struct nic_test {
	struct device *dev;
	struct kcell_e1000_ring ring;
	bool tx;
};

static int nic_test_init(struct kunit *test)
{
	struct nic_test *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t);
	t->dev = root_device_register("kcell_e1000_test");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->dev);
	t->dev->dma_mask = &t->dev->coherent_dma_mask;
	KUNIT_ASSERT_EQ(test, dma_set_mask_and_coherent(t->dev,
							DMA_BIT_MASK(64)), 0);
	test->priv = t;
	kcell_test_reports_take();
	return 0;
}

static void nic_test_exit(struct kunit *test)
{
	struct nic_test *t = test->priv;

	/* What the ring counts as mapped: nothing once TX drained, all of RX. */
	if (t->ring.count && t->tx) {
		while (!kcell_e1000_tx_empty(&t->ring))
			kfree(kcell_e1000_tx_drain(&t->ring));
		KUNIT_EXPECT_EQ(test, kcell_e1000_ring_leases(&t->ring), 0);
		kcell_e1000_tx_ring_release(&t->ring);
	} else if (t->ring.count) {
		KUNIT_EXPECT_EQ(test, kcell_e1000_ring_leases(&t->ring),
				(unsigned long)t->ring.count);
		kcell_e1000_rx_ring_release(&t->ring);
	}
	KUNIT_EXPECT_EQ(test, kcell_e1000_ring_leases(&t->ring), 0);
	root_device_unregister(t->dev);
	/* No test here misuses the library: debug mode must stay silent. */
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/* The device's view of memory: a bus address is a physical one here. */
static void *fake_dev_mem(kcell_dma_le64_t field)
{
	return kcell_fake_dev_desc_ptr(field);
}

static struct e1000_data_desc *fake_tx_desc(struct nic_test *t,
					    unsigned int i)
{
	struct e1000_data_desc *d;

	d = kcell_fake_dev_ptr(dma_region_addr(&t->ring.desc, 0));
	return &d[i];
}

static struct e1000_rx_desc *fake_rx_desc(struct nic_test *t, unsigned int i)
{
	struct e1000_rx_desc *d;

	d = kcell_fake_dev_ptr(dma_region_addr(&t->ring.desc, 0));
	return &d[i];
}

#define DATA_CMD	(E1000_TXD_CMD_DEXT | E1000_TXD_DTYP_D | E1000_TXD_CMD_IFCS)
#define LAST_CMD	(DATA_CMD | E1000_TXD_CMD_EOP | E1000_TXD_CMD_RS)

/*
 * The device reads data descriptor @i, the whole of a packet, and checks
 * its bytes; the test then says when it is done (fake_tx_wb()).
 */
static void fake_tx_check(struct kunit *test, struct nic_test *t,
			  unsigned int i, u8 first_byte, unsigned int len,
			  u32 cmd)
{
	struct e1000_data_desc *d = fake_tx_desc(t, i);
	u8 *bytes = fake_dev_mem(d->addr);
	u32 lower = le32_to_cpu(d->lower);

	KUNIT_EXPECT_EQ(test, lower & E1000_TXD_MAX_LEN, len);
	KUNIT_EXPECT_EQ(test, lower & ~E1000_TXD_MAX_LEN, cmd);
	KUNIT_EXPECT_EQ(test, d->status, 0);
	KUNIT_EXPECT_EQ(test, bytes[0], first_byte);
	KUNIT_EXPECT_EQ(test, bytes[len - 1], (u8)(first_byte + len - 1));
}

/* The device writes descriptor @i back. */
static void fake_tx_wb(struct nic_test *t, unsigned int i)
{
	dma_wmb();
	WRITE_ONCE(fake_tx_desc(t, i)->status, E1000_TXD_STAT_DD);
}

/* The device sends the one-buffer packet of descriptor @i, writes DD. */
static void fake_tx_done(struct kunit *test, struct nic_test *t,
			 unsigned int i, u8 first_byte, unsigned int len)
{
	fake_tx_check(test, t, i, first_byte, len, LAST_CMD);
	fake_tx_wb(t, i);
}

/* A packet: an skb the ring only stores, and its bytes. */
struct fake_pkt {
	struct sk_buff *skb;
	u8 *data;
};

static void fake_pkt(struct kunit *test, struct fake_pkt *p, u8 first,
		     unsigned int len)
{
	unsigned int i;

	p->skb = kzalloc(sizeof(*p->skb), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p->skb);
	p->data = kunit_kmalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p->data);
	for (i = 0; i < len; i++)
		p->data[i] = first + i;
}

/* A packet of one buffer, built as the driver builds every packet. */
static int post_one(struct kcell_e1000_ring *ring, struct sk_buff *skb,
		    void *data, unsigned int len)
{
	int err = kcell_e1000_tx_begin(ring, 1);

	if (!err)
		err = kcell_e1000_tx_add_buf(ring, data, len, 0, 0);
	if (!err)
		err = kcell_e1000_tx_commit(ring, skb);
	if (err)
		kcell_e1000_tx_abort(ring);
	return err;
}

static int tx_ring(struct kunit *test, struct nic_test *t)
{
	t->tx = true;
	return kcell_e1000_tx_ring_init(&t->ring, t->dev, RING);
}

static void tx_post(struct kunit *test, struct nic_test *t,
		    struct fake_pkt *p, u8 first, unsigned int len)
{
	fake_pkt(test, p, first, len);
	KUNIT_ASSERT_EQ(test, post_one(&t->ring, p->skb, p->data, len), 0);
}

/* Posted packets come back in order once the device wrote them back. */
static void e1000_test_tx_in_order(struct kunit *test)
{
	struct nic_test *t = test->priv;
	struct fake_pkt p[3];
	unsigned int i;

	KUNIT_ASSERT_EQ(test, tx_ring(test, t), 0);
	for (i = 0; i < 3; i++)
		tx_post(test, t, &p[i], 10 * i, 60 + i);
	KUNIT_EXPECT_EQ(test, t->ring.next_to_use, 3);
	KUNIT_EXPECT_EQ(test, kcell_e1000_tx_unused(&t->ring), RING - 1 - 3);
	/* Nothing back before the device is done. */
	KUNIT_EXPECT_NULL(test, kcell_e1000_tx_complete(&t->ring));
	for (i = 0; i < 3; i++) {
		KUNIT_EXPECT_TRUE(test,
				  dma_lease_is_granted(&t->ring.tx[i].data));
		fake_tx_done(test, t, i, 10 * i, 60 + i);
	}
	for (i = 0; i < 3; i++) {
		struct sk_buff *skb = kcell_e1000_tx_complete(&t->ring);

		KUNIT_EXPECT_PTR_EQ(test, skb, p[i].skb);
		KUNIT_EXPECT_FALSE(test,
				   dma_lease_is_granted(&t->ring.tx[i].data));
		KUNIT_EXPECT_TRUE(test, take_cell_is_none(&t->ring.tx[i].skb));
		kfree(skb);
	}
	KUNIT_EXPECT_NULL(test, kcell_e1000_tx_complete(&t->ring));
	KUNIT_EXPECT_EQ(test, kcell_e1000_tx_unused(&t->ring), RING - 1);
}

/* A later descriptor written back first waits for the earlier one. */
static void e1000_test_tx_out_of_order(struct kunit *test)
{
	struct nic_test *t = test->priv;
	struct fake_pkt p[3];
	unsigned int i;

	KUNIT_ASSERT_EQ(test, tx_ring(test, t), 0);
	for (i = 0; i < 3; i++)
		tx_post(test, t, &p[i], i, 100);
	fake_tx_done(test, t, 2, 2, 100);
	fake_tx_done(test, t, 1, 1, 100);
	KUNIT_EXPECT_NULL(test, kcell_e1000_tx_complete(&t->ring));
	/* The device still owns every buffer, done or not. */
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_TRUE(test,
				  dma_lease_is_granted(&t->ring.tx[i].data));
	fake_tx_done(test, t, 0, 0, 100);
	for (i = 0; i < 3; i++) {
		struct sk_buff *skb = kcell_e1000_tx_complete(&t->ring);

		KUNIT_EXPECT_PTR_EQ(test, skb, p[i].skb);
		kfree(skb);
	}
}

/* A full ring refuses a packet and leaves it to the caller. */
static void e1000_test_tx_full(struct kunit *test)
{
	struct nic_test *t = test->priv;
	struct fake_pkt p[RING];
	struct sk_buff *skb;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, tx_ring(test, t), 0);
	for (i = 0; i < RING - 1; i++)
		tx_post(test, t, &p[i], i, 64);
	KUNIT_EXPECT_EQ(test, kcell_e1000_tx_unused(&t->ring), 0);
	fake_pkt(test, &p[RING - 1], 0, 64);
	KUNIT_EXPECT_EQ(test, post_one(&t->ring, p[RING - 1].skb,
				       p[RING - 1].data, 64), -EBUSY);
	KUNIT_EXPECT_EQ(test, t->ring.next_to_use, RING - 1);
	/* The empty slot was not touched. */
	KUNIT_EXPECT_FALSE(test,
			   dma_lease_is_granted(&t->ring.tx[RING - 1].data));
	KUNIT_EXPECT_TRUE(test, take_cell_is_none(&t->ring.tx[RING - 1].skb));

	fake_tx_done(test, t, 0, 0, 64);
	skb = kcell_e1000_tx_complete(&t->ring);
	KUNIT_EXPECT_PTR_EQ(test, skb, p[0].skb);
	kfree(skb);
	KUNIT_EXPECT_EQ(test, kcell_e1000_tx_unused(&t->ring), 1);
	KUNIT_EXPECT_EQ(test, post_one(&t->ring, p[RING - 1].skb,
				       p[RING - 1].data, 64), 0);
	KUNIT_EXPECT_EQ(test, t->ring.next_to_use, 0);
}

/* Lengths the device cannot send are refused before anything is mapped. */
static void e1000_test_tx_bad_length(struct kunit *test)
{
	struct nic_test *t = test->priv;
	struct fake_pkt p;

	KUNIT_ASSERT_EQ(test, tx_ring(test, t), 0);
	fake_pkt(test, &p, 0, 16);
	KUNIT_EXPECT_EQ(test, post_one(&t->ring, p.skb, p.data, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, post_one(&t->ring, p.skb, p.data,
				       E1000_TXD_MAX_LEN + 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, t->ring.next_to_use, 0);
	KUNIT_EXPECT_FALSE(test, dma_lease_is_granted(&t->ring.tx[0].data));
	kfree(p.skb);
}

/*
 * Five times round the ring, the device completing in uneven batches: every
 * packet comes back once, in order, and the descriptor index wraps.
 */
static void e1000_test_tx_wraparound(struct kunit *test)
{
	struct nic_test *t = test->priv;
	unsigned int posted = 0, done = 0, back = 0, batch = 0;
	struct fake_pkt *p;

	p = kunit_kcalloc(test, 5 * RING, sizeof(*p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_EQ(test, tx_ring(test, t), 0);
	while (back < 5 * RING) {
		struct sk_buff *skb;

		while (posted < 5 * RING && kcell_e1000_tx_unused(&t->ring) &&
		       posted - back < 7 + batch % 50) {
			tx_post(test, t, &p[posted], posted, 60 + posted % 40);
			posted++;
		}
		while (done < posted && done - back < 3 + batch % 11) {
			fake_tx_done(test, t, done % RING, done,
				     60 + done % 40);
			done++;
		}
		while ((skb = kcell_e1000_tx_complete(&t->ring))) {
			KUNIT_ASSERT_PTR_EQ(test, skb, p[back].skb);
			kfree(skb);
			back++;
		}
		batch++;
	}
	KUNIT_EXPECT_EQ(test, t->ring.next_to_use, (5 * RING) % RING);
	KUNIT_EXPECT_EQ(test, t->ring.next_to_clean, t->ring.next_to_use);
}

/*
 * Reset in the middle of traffic: the device stops with some descriptors
 * done and some not; drain takes every packet back, in order.
 */
static void e1000_test_tx_reset_mid_traffic(struct kunit *test)
{
	struct nic_test *t = test->priv;
	struct fake_pkt p[10];
	struct sk_buff *skb;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, tx_ring(test, t), 0);
	for (i = 0; i < 10; i++)
		tx_post(test, t, &p[i], i, 80);
	for (i = 0; i < 4; i++)
		fake_tx_done(test, t, i, i, 80);
	for (i = 0; i < 2; i++) {
		skb = kcell_e1000_tx_complete(&t->ring);
		KUNIT_EXPECT_PTR_EQ(test, skb, p[i].skb);
		kfree(skb);
	}
	for (i = 2; i < 10; i++) {
		skb = kcell_e1000_tx_drain(&t->ring);
		KUNIT_EXPECT_PTR_EQ(test, skb, p[i].skb);
		KUNIT_EXPECT_FALSE(test,
				   dma_lease_is_granted(&t->ring.tx[i].data));
		kfree(skb);
	}
	KUNIT_EXPECT_NULL(test, kcell_e1000_tx_drain(&t->ring));
	KUNIT_EXPECT_EQ(test, kcell_e1000_tx_unused(&t->ring), RING - 1);
}

/*
 * A TSO packet: a context descriptor and three buffers.  Only the last
 * descriptor reports status; the packet comes back when it is written
 * back, not before, and then every buffer's lease has ended.
 */
static void e1000_test_tx_multi_desc(struct kunit *test)
{
	struct nic_test *t = test->priv;
	struct kcell_e1000_tx_ctx ctx = {
		.ipcss = 14, .ipcso = 24, .ipcse = 33, .tucss = 34,
		.tucso = 50, .cmd_len = E1000_TXD_CMD_IP | E1000_TXD_CMD_TCP |
					E1000_TXD_CMD_TSE | 1000,
		.hdr_len = 54, .mss = 500,
	};
	const u8 popts = E1000_TXD_POPTS_IXSM | E1000_TXD_POPTS_TXSM;
	struct e1000_context_desc *c;
	struct fake_pkt head, f1, f2;
	struct sk_buff *skb;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, tx_ring(test, t), 0);
	fake_pkt(test, &head, 1, 54);
	fake_pkt(test, &f1, 2, 500);
	fake_pkt(test, &f2, 3, 500);
	kfree(f1.skb);
	kfree(f2.skb);
	KUNIT_ASSERT_EQ(test, kcell_e1000_tx_begin(&t->ring, 6), 0);
	KUNIT_ASSERT_EQ(test, kcell_e1000_tx_add_context(&t->ring, &ctx), 0);
	KUNIT_ASSERT_EQ(test,
			kcell_e1000_tx_add_buf(&t->ring, head.data, 54,
					       E1000_TXD_CMD_TSE, popts),
			0);
	KUNIT_ASSERT_EQ(test,
			kcell_e1000_tx_add_buf(&t->ring, f1.data, 500,
					       E1000_TXD_CMD_TSE, popts),
			0);
	KUNIT_ASSERT_EQ(test,
			kcell_e1000_tx_add_buf(&t->ring, f2.data, 500,
					       E1000_TXD_CMD_TSE, popts),
			0);
	/* Nothing is the device's before the commit. */
	KUNIT_EXPECT_EQ(test, t->ring.next_to_use, 0);
	KUNIT_ASSERT_EQ(test, kcell_e1000_tx_commit(&t->ring, head.skb), 0);
	KUNIT_EXPECT_EQ(test, t->ring.next_to_use, 4);

	c = (struct e1000_context_desc *)fake_tx_desc(t, 0);
	KUNIT_EXPECT_EQ(test, c->ipcss, 14);
	KUNIT_EXPECT_EQ(test, c->ipcso, 24);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(c->ipcse), 33);
	KUNIT_EXPECT_EQ(test, c->tucss, 34);
	KUNIT_EXPECT_EQ(test, c->tucso, 50);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(c->tucse), 0);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(c->cmd_len),
			ctx.cmd_len | E1000_TXD_CMD_DEXT | E1000_TXD_DTYP_C);
	KUNIT_EXPECT_EQ(test, c->hdr_len, 54);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(c->mss), 500);
	KUNIT_EXPECT_FALSE(test, dma_lease_is_granted(&t->ring.tx[0].data));
	fake_tx_check(test, t, 1, 1, 54, DATA_CMD | E1000_TXD_CMD_TSE);
	fake_tx_check(test, t, 2, 2, 500, DATA_CMD | E1000_TXD_CMD_TSE);
	fake_tx_check(test, t, 3, 3, 500, LAST_CMD | E1000_TXD_CMD_TSE);
	for (i = 1; i <= 3; i++)
		KUNIT_EXPECT_EQ(test, fake_tx_desc(t, i)->popts, popts);

	/* A write-back of any but the last descriptor does not count. */
	fake_tx_wb(t, 1);
	fake_tx_wb(t, 2);
	KUNIT_EXPECT_NULL(test, kcell_e1000_tx_complete(&t->ring));
	fake_tx_wb(t, 3);
	skb = kcell_e1000_tx_complete(&t->ring);
	KUNIT_EXPECT_PTR_EQ(test, skb, head.skb);
	kfree(skb);
	for (i = 0; i <= 3; i++)
		KUNIT_EXPECT_FALSE(test,
				   dma_lease_is_granted(&t->ring.tx[i].data));
	KUNIT_EXPECT_EQ(test, t->ring.next_to_clean, 4);
	KUNIT_EXPECT_EQ(test, kcell_e1000_tx_unused(&t->ring), RING - 1);
}

/* An aborted packet leaves nothing mapped and the ring as it was. */
static void e1000_test_tx_abort(struct kunit *test)
{
	struct nic_test *t = test->priv;
	struct fake_pkt a, b;
	struct sk_buff *skb;

	KUNIT_ASSERT_EQ(test, tx_ring(test, t), 0);
	fake_pkt(test, &a, 1, 100);
	fake_pkt(test, &b, 2, 100);
	KUNIT_ASSERT_EQ(test, kcell_e1000_tx_begin(&t->ring, 3), 0);
	KUNIT_ASSERT_EQ(test,
			kcell_e1000_tx_add_buf(&t->ring, a.data, 100, 0, 0), 0);
	KUNIT_ASSERT_EQ(test,
			kcell_e1000_tx_add_buf(&t->ring, b.data, 100, 0, 0), 0);
	kcell_e1000_tx_abort(&t->ring);
	KUNIT_EXPECT_FALSE(test, dma_lease_is_granted(&t->ring.tx[0].data));
	KUNIT_EXPECT_FALSE(test, dma_lease_is_granted(&t->ring.tx[1].data));
	KUNIT_EXPECT_EQ(test, t->ring.next_to_use, 0);
	KUNIT_EXPECT_EQ(test, kcell_e1000_tx_unused(&t->ring), RING - 1);
	KUNIT_EXPECT_TRUE(test, take_cell_is_none(&t->ring.tx[1].skb));

	/* The same slots take the next packet. */
	KUNIT_ASSERT_EQ(test, post_one(&t->ring, b.skb, b.data, 100), 0);
	fake_tx_done(test, t, 0, 2, 100);
	skb = kcell_e1000_tx_complete(&t->ring);
	KUNIT_EXPECT_PTR_EQ(test, skb, b.skb);
	kfree(skb);
	kfree(a.skb);
}

/* A packet is held to the descriptors it reserved and needs a buffer. */
static void e1000_test_tx_reservation(struct kunit *test)
{
	struct nic_test *t = test->priv;
	struct kcell_e1000_tx_ctx ctx = { .tucss = 34, .tucso = 40 };
	struct fake_pkt p;

	KUNIT_ASSERT_EQ(test, tx_ring(test, t), 0);
	fake_pkt(test, &p, 1, 100);
	KUNIT_EXPECT_EQ(test, kcell_e1000_tx_begin(&t->ring, RING), -EBUSY);
	KUNIT_EXPECT_EQ(test, kcell_e1000_tx_begin(&t->ring, 0), -EBUSY);
	KUNIT_ASSERT_EQ(test, kcell_e1000_tx_begin(&t->ring, 1), 0);
	KUNIT_EXPECT_EQ(test, kcell_e1000_tx_add_context(&t->ring, &ctx), 0);
	KUNIT_EXPECT_EQ(test,
			kcell_e1000_tx_add_buf(&t->ring, p.data, 100, 0, 0),
			-ENOSPC);
	/* A context alone is no packet. */
	KUNIT_EXPECT_EQ(test, kcell_e1000_tx_commit(&t->ring, p.skb), -EINVAL);
	kcell_e1000_tx_abort(&t->ring);
	KUNIT_EXPECT_EQ(test, t->ring.next_to_use, 0);
	KUNIT_EXPECT_TRUE(test, take_cell_is_none(&t->ring.tx[0].skb));
	kfree(p.skb);
}

static void e1000_test_bad_ring_sizes(struct kunit *test)
{
	struct nic_test *t = test->priv;

	KUNIT_EXPECT_EQ(test, kcell_e1000_tx_ring_init(&t->ring, t->dev, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test,
			kcell_e1000_tx_ring_init(&t->ring, t->dev, RING + 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test,
			kcell_e1000_rx_ring_init(&t->ring, t->dev,
						 KCELL_E1000_MAX_RING + 8,
						 E1000_RX_BUF_LEN),
			-EINVAL);
	KUNIT_EXPECT_EQ(test,
			kcell_e1000_rx_ring_init(&t->ring, t->dev,
						 KCELL_E1000_MIN_RING - 8,
						 E1000_RX_BUF_LEN),
			-EINVAL);
	/* The device is told 2 KiB buffers: none may be longer. */
	KUNIT_EXPECT_EQ(test,
			kcell_e1000_rx_ring_init(&t->ring, t->dev, RING,
						 E1000_RX_BUF_LEN + 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test,
			kcell_e1000_rx_ring_init(&t->ring, t->dev, RING, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, t->ring.count, 0);
}

/* A receive ring of 2 KiB buffers, as for jumbo frames. */
static int rx_ring(struct nic_test *t)
{
	return kcell_e1000_rx_ring_init(&t->ring, t->dev, RING,
					E1000_RX_BUF_LEN);
}

/* A buffer laid out as the ring's, from a page fragment cache of its own. */
static void *rx_fresh(void)
{
	struct page_frag_cache nc = {};
	void *buf = kcell_e1000_rx_buf_alloc(&nc, E1000_RX_BUF_LEN);

	kcell_e1000_rx_frag_cache_drain(&nc);
	return buf;
}

/* The device receives a frame of @len bytes counting from @first. */
static void fake_rx_frame(struct kunit *test, struct nic_test *t,
			  unsigned int i, u8 first, unsigned int len,
			  u8 status, u8 errors)
{
	struct e1000_rx_desc *d = fake_rx_desc(t, i);
	u8 *buf = fake_dev_mem(d->addr);
	unsigned int n;

	KUNIT_ASSERT_EQ(test, d->status, 0);
	for (n = 0; n < len; n++)
		buf[n] = first + n;
	d->length = cpu_to_le16(len);
	d->errors = errors;
	dma_wmb();
	WRITE_ONCE(d->status, status);
}

static void rx_expect(struct kunit *test, struct nic_test *t, u8 first,
		      unsigned int len, u8 status)
{
	struct kcell_e1000_rx_done done;
	const u8 *buf;
	unsigned int i = t->ring.next_to_clean;

	buf = kcell_e1000_rx_peek(&t->ring, &done);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_EXPECT_EQ(test, done.len, len);
	KUNIT_EXPECT_EQ(test, done.status, status);
	KUNIT_EXPECT_EQ(test, buf[0], first);
	KUNIT_EXPECT_EQ(test, buf[len - 1], (u8)(first + len - 1));
	/* Peeked: the CPU's until recycled. */
	KUNIT_EXPECT_FALSE(test, dma_lease_is_granted(&t->ring.rx[i].buf));
	KUNIT_EXPECT_EQ(test, kcell_e1000_rx_recycle(&t->ring), 0);
	KUNIT_EXPECT_TRUE(test, dma_lease_is_granted(&t->ring.rx[i].buf));
	KUNIT_EXPECT_EQ(test, fake_rx_desc(t, i)->status, 0);
}

/* Every buffer starts granted, its address in its descriptor. */
static void e1000_test_rx_init(struct kunit *test)
{
	struct nic_test *t = test->priv;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, rx_ring(t),
			0);
	for (i = 0; i < RING; i++) {
		struct dma_lease *buf = &t->ring.rx[i].buf;

		KUNIT_EXPECT_TRUE(test, dma_lease_is_granted(buf));
		/* Each buffer is its own, where the lease says it is. */
		KUNIT_EXPECT_PTR_EQ(test,
				    fake_dev_mem(fake_rx_desc(t, i)->addr),
				    dma_lease_reclaim(buf));
		KUNIT_EXPECT_FALSE(test,
				   kcell_dma_is_error(dma_lease_grant(buf)));
	}
	KUNIT_EXPECT_EQ(test, kcell_e1000_rx_tail(&t->ring), RING - 1);
	KUNIT_EXPECT_NULL(test,
			  kcell_e1000_rx_peek(&t->ring,
					      &(struct kcell_e1000_rx_done){}));
}

/* The page of the buffer descriptor @i gives the device. */
static struct page *rx_page(struct nic_test *t, unsigned int i)
{
	return virt_to_head_page(fake_dev_mem(fake_rx_desc(t, i)->addr));
}

/*
 * The page fragment cache the ring's buffers were carved from is let go
 * once the ring is filled: each page is referenced by its buffers alone,
 * so it is freed with the last of them, not kept by a cache no one holds.
 */
static void e1000_test_rx_init_pages(struct kunit *test)
{
	struct nic_test *t = test->priv;
	unsigned int i, j, bad = 0;

	KUNIT_ASSERT_EQ(test, rx_ring(t), 0);
	for (i = 0; i < RING; i++) {
		struct page *pg;
		int bufs = 0;

		pg = rx_page(t, i);
		for (j = 0; j < RING; j++)
			bufs += rx_page(t, j) == pg;
		bad += page_ref_count(pg) != bufs;
	}
	KUNIT_EXPECT_EQ(test, bad, 0);
}

static void e1000_test_rx_frames(struct kunit *test)
{
	struct nic_test *t = test->priv;

	KUNIT_ASSERT_EQ(test, rx_ring(t),
			0);
	fake_rx_frame(test, t, 0, 7, 60, E1000_RXD_STAT_DD | E1000_RXD_STAT_EOP,
		      0);
	fake_rx_frame(test, t, 1, 9, E1000_RX_BUF_LEN, E1000_RXD_STAT_DD, 0);
	rx_expect(test, t, 7, 60, E1000_RXD_STAT_DD | E1000_RXD_STAT_EOP);
	KUNIT_EXPECT_EQ(test, kcell_e1000_rx_tail(&t->ring), 0);
	rx_expect(test, t, 9, E1000_RX_BUF_LEN, E1000_RXD_STAT_DD);
	KUNIT_EXPECT_EQ(test, kcell_e1000_rx_tail(&t->ring), 1);
	KUNIT_EXPECT_NULL(test,
			  kcell_e1000_rx_peek(&t->ring,
					      &(struct kcell_e1000_rx_done){}));
}

/* What the device reports is passed on; a length beyond the buffer is cut. */
static void e1000_test_rx_writeback_fields(struct kunit *test)
{
	struct nic_test *t = test->priv;
	struct kcell_e1000_rx_done done;

	KUNIT_ASSERT_EQ(test, rx_ring(t),
			0);
	fake_rx_frame(test, t, 0, 1, 64, E1000_RXD_STAT_DD | E1000_RXD_STAT_EOP,
		      BIT(0));
	KUNIT_ASSERT_NOT_NULL(test, kcell_e1000_rx_peek(&t->ring, &done));
	KUNIT_EXPECT_EQ(test, done.errors, BIT(0));
	KUNIT_EXPECT_EQ(test, kcell_e1000_rx_recycle(&t->ring), 0);

	fake_rx_frame(test, t, 1, 1, 64, E1000_RXD_STAT_DD, 0);
	fake_rx_desc(t, 1)->length = cpu_to_le16(E1000_RX_BUF_LEN + 100);
	KUNIT_ASSERT_NOT_NULL(test, kcell_e1000_rx_peek(&t->ring, &done));
	KUNIT_EXPECT_EQ(test, done.len, E1000_RX_BUF_LEN);
	KUNIT_EXPECT_EQ(test, kcell_e1000_rx_recycle(&t->ring), 0);
}

/* A later descriptor written back first waits for the earlier one. */
static void e1000_test_rx_out_of_order(struct kunit *test)
{
	struct nic_test *t = test->priv;
	const u8 flags = E1000_RXD_STAT_DD | E1000_RXD_STAT_EOP;

	KUNIT_ASSERT_EQ(test, rx_ring(t),
			0);
	fake_rx_frame(test, t, 1, 50, 100, flags, 0);
	KUNIT_EXPECT_NULL(test,
			  kcell_e1000_rx_peek(&t->ring,
					      &(struct kcell_e1000_rx_done){}));
	KUNIT_EXPECT_TRUE(test, dma_lease_is_granted(&t->ring.rx[1].buf));
	fake_rx_frame(test, t, 0, 40, 90, flags, 0);
	rx_expect(test, t, 40, 90, flags);
	rx_expect(test, t, 50, 100, flags);
}

/*
 * Recycling what was not peeked is refused: the lease is granted already,
 * which the grant refuses (and debug mode reports, a double grant); the
 * ring does not move.
 */
static void e1000_test_rx_recycle_unpeeked(struct kunit *test)
{
	struct nic_test *t = test->priv;

	KUNIT_ASSERT_EQ(test, rx_ring(t),
			0);
	kcell_test_reports_take();
	KUNIT_EXPECT_EQ(test, kcell_e1000_rx_recycle(&t->ring), -EINVAL);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(),
			KCELL_DEBUG_REPORTS(1));
	KUNIT_EXPECT_EQ(test, t->ring.next_to_clean, 0);
	KUNIT_EXPECT_EQ(test, t->ring.granted, (unsigned long)RING);
}

/*
 * Three times round the ring: after each recycle the descriptor holds the
 * buffer's address again, so the device's next frame lands where the ring
 * reads it.
 */
static void e1000_test_rx_wraparound(struct kunit *test)
{
	struct nic_test *t = test->priv;
	const u8 flags = E1000_RXD_STAT_DD | E1000_RXD_STAT_EOP;
	unsigned int n, ahead;

	KUNIT_ASSERT_EQ(test, rx_ring(t),
			0);
	for (n = 0; n < 3 * RING; n += ahead) {
		unsigned int k;

		/* The device fills up to the tail, never past it. */
		ahead = min(1 + n % 13, 3 * RING - n);
		for (k = 0; k < ahead; k++)
			fake_rx_frame(test, t, (n + k) % RING, n + k,
				      60 + (n + k) % 64, flags, 0);
		for (k = 0; k < ahead; k++)
			rx_expect(test, t, n + k, 60 + (n + k) % 64, flags);
	}
	KUNIT_EXPECT_EQ(test, t->ring.next_to_clean, (3 * RING) % RING);
}

/*
 * Reset in the middle of traffic: some frames consumed, some written back
 * but not consumed.  After the reset every buffer is granted, every status
 * clear, and the device starts again at descriptor 0.
 */
static void e1000_test_rx_reset_mid_traffic(struct kunit *test)
{
	struct nic_test *t = test->priv;
	const u8 flags = E1000_RXD_STAT_DD | E1000_RXD_STAT_EOP;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, rx_ring(t),
			0);
	for (i = 0; i < 5; i++)
		fake_rx_frame(test, t, i, i, 60, flags, 0);
	rx_expect(test, t, 0, 60, flags);
	rx_expect(test, t, 1, 60, flags);
	kcell_e1000_rx_ring_reset(&t->ring);
	KUNIT_EXPECT_EQ(test, t->ring.next_to_clean, 0);
	KUNIT_EXPECT_EQ(test, kcell_e1000_rx_tail(&t->ring), RING - 1);
	for (i = 0; i < RING; i++) {
		KUNIT_EXPECT_TRUE(test,
				  dma_lease_is_granted(&t->ring.rx[i].buf));
		KUNIT_EXPECT_EQ(test, fake_rx_desc(t, i)->status, 0);
	}
	fake_rx_frame(test, t, 0, 200, 70, flags, 0);
	rx_expect(test, t, 200, 70, flags);
}

/*
 * The zero-copy refill: a fresh buffer takes the peeked one's place in the
 * slot, the peeked one comes back unmapped with the frame in it, and the
 * recycle gives the device the fresh one.  The ring maps as many buffers
 * as before, and its spare lease is unmapped again.
 */
static void e1000_test_rx_swap(struct kunit *test)
{
	struct nic_test *t = test->priv;
	const u8 flags = E1000_RXD_STAT_DD | E1000_RXD_STAT_EOP;
	struct kcell_e1000_rx_done done;
	const u8 *buf;
	unsigned int n, bad = 0;
	u8 *fresh, *full;

	KUNIT_ASSERT_EQ(test, rx_ring(t),
			0);
	fresh = rx_fresh();
	KUNIT_ASSERT_NOT_NULL(test, fresh);
	fake_rx_frame(test, t, 0, 30, 1000, flags, 0);
	buf = kcell_e1000_rx_peek(&t->ring, &done);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	full = kcell_e1000_rx_swap(&t->ring, fresh);
	KUNIT_EXPECT_PTR_EQ(test, full, (u8 *)buf);
	KUNIT_EXPECT_PTR_EQ(test, dma_lease_cpu(&t->ring.rx[0].buf), fresh);
	KUNIT_EXPECT_FALSE(test, dma_lease_is_mapped(&t->ring.spare));
	KUNIT_EXPECT_EQ(test, kcell_e1000_ring_leases(&t->ring),
			(unsigned long)RING);
	KUNIT_EXPECT_EQ(test, kcell_e1000_rx_recycle(&t->ring), 0);
	KUNIT_EXPECT_PTR_EQ(test, fake_dev_mem(fake_rx_desc(t, 0)->addr),
			    (void *)fresh);
	/* The frame is the caller's, as the device wrote it. */
	for (n = 0; n < 1000; n++)
		bad += full[n] != (u8)(30 + n);
	KUNIT_EXPECT_EQ(test, bad, 0);
	kcell_e1000_rx_buf_free(full);

	/* Once round the ring, the device fills the fresh buffer. */
	for (n = 1; n < RING; n++) {
		fake_rx_frame(test, t, n, n, 60, flags, 0);
		rx_expect(test, t, n, 60, flags);
	}
	fake_rx_frame(test, t, 0, 77, 500, flags, 0);
	rx_expect(test, t, 77, 500, flags);
	KUNIT_EXPECT_PTR_EQ(test, fake_dev_mem(fake_rx_desc(t, 0)->addr),
			    (void *)fresh);
}

/*
 * A fresh buffer that cannot be mapped (a DMA mask no memory fits, as
 * kcell_dma_lease_kunit.c injects it): the slot keeps the peeked buffer,
 * which the recycle gives back to the device, and the fresh one stays the
 * caller's.  Nothing more is mapped, nothing less.
 */
static void e1000_test_rx_swap_map_failure(struct kunit *test)
{
	struct nic_test *t = test->priv;
	const u8 flags = E1000_RXD_STAT_DD | E1000_RXD_STAT_EOP;
	struct kcell_e1000_rx_done done;
	u64 mask = *t->dev->dma_mask;
	const void *buf;
	void *fresh;

	KUNIT_ASSERT_EQ(test, rx_ring(t),
			0);
	fresh = rx_fresh();
	KUNIT_ASSERT_NOT_NULL(test, fresh);
	fake_rx_frame(test, t, 0, 5, 1500, flags, 0);
	buf = kcell_e1000_rx_peek(&t->ring, &done);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	*t->dev->dma_mask = DMA_BIT_MASK(12);
	KUNIT_EXPECT_NULL(test, kcell_e1000_rx_swap(&t->ring, fresh));
	*t->dev->dma_mask = mask;
	KUNIT_EXPECT_PTR_EQ(test, dma_lease_cpu(&t->ring.rx[0].buf), buf);
	KUNIT_EXPECT_FALSE(test, dma_lease_is_mapped(&t->ring.spare));
	KUNIT_EXPECT_EQ(test, kcell_e1000_ring_leases(&t->ring),
			(unsigned long)RING);
	KUNIT_EXPECT_EQ(test, kcell_e1000_rx_recycle(&t->ring), 0);
	KUNIT_EXPECT_TRUE(test, dma_lease_is_granted(&t->ring.rx[0].buf));
	KUNIT_EXPECT_PTR_EQ(test, fake_dev_mem(fake_rx_desc(t, 0)->addr), buf);
	kcell_e1000_rx_buf_free(fresh);
}

/*
 * A ring of standard buffers (MTU 1500): each lease maps that much, and a
 * length the device reports beyond it is cut to it, not to 2 KiB.
 */
static void e1000_test_rx_std_buffers(struct kunit *test)
{
	struct nic_test *t = test->priv;
	struct kcell_e1000_rx_done done;
	unsigned int i;

	KUNIT_ASSERT_EQ(test,
			kcell_e1000_rx_ring_init(&t->ring, t->dev, RING,
						 E1000_RX_STD_BUF_LEN), 0);
	for (i = 0; i < RING; i++)
		KUNIT_EXPECT_EQ(test, dma_lease_len(&t->ring.rx[i].buf),
				E1000_RX_STD_BUF_LEN);
	fake_rx_frame(test, t, 0, 3, E1000_RX_STD_BUF_LEN,
		      E1000_RXD_STAT_DD | E1000_RXD_STAT_EOP, 0);
	fake_rx_desc(t, 0)->length = cpu_to_le16(E1000_RX_BUF_LEN);
	KUNIT_ASSERT_NOT_NULL(test, kcell_e1000_rx_peek(&t->ring, &done));
	KUNIT_EXPECT_EQ(test, done.len, E1000_RX_STD_BUF_LEN);
	KUNIT_EXPECT_EQ(test, kcell_e1000_rx_recycle(&t->ring), 0);
}

static struct kunit_case e1000_test_cases[] = {
	KUNIT_CASE(e1000_test_tx_in_order),
	KUNIT_CASE(e1000_test_tx_out_of_order),
	KUNIT_CASE(e1000_test_tx_full),
	KUNIT_CASE(e1000_test_tx_bad_length),
	KUNIT_CASE(e1000_test_tx_wraparound),
	KUNIT_CASE(e1000_test_tx_reset_mid_traffic),
	KUNIT_CASE(e1000_test_tx_multi_desc),
	KUNIT_CASE(e1000_test_tx_abort),
	KUNIT_CASE(e1000_test_tx_reservation),
	KUNIT_CASE(e1000_test_bad_ring_sizes),
	KUNIT_CASE(e1000_test_rx_init),
	KUNIT_CASE(e1000_test_rx_init_pages),
	KUNIT_CASE(e1000_test_rx_frames),
	KUNIT_CASE(e1000_test_rx_writeback_fields),
	KUNIT_CASE(e1000_test_rx_out_of_order),
	KUNIT_CASE(e1000_test_rx_recycle_unpeeked),
	KUNIT_CASE(e1000_test_rx_wraparound),
	KUNIT_CASE(e1000_test_rx_reset_mid_traffic),
	KUNIT_CASE(e1000_test_rx_swap),
	KUNIT_CASE(e1000_test_rx_swap_map_failure),
	KUNIT_CASE(e1000_test_rx_std_buffers),
	{}
};

static struct kunit_suite e1000_test_suite = {
	.name = "kcell_e1000",
	.init = nic_test_init,
	.exit = nic_test_exit,
	.test_cases = e1000_test_cases,
};

#include "kcell_e1000_datapath_kunit.h"

kunit_test_suites(&e1000_test_suite, &e1000_datapath_suite);

MODULE_DESCRIPTION("KUnit tests for kcell_e1000's descriptor rings and data path");
MODULE_LICENSE("GPL");

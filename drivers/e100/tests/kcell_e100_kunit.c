// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for kcell_e100's receive frame area (kcell_e100_rx.c) and
 * command block list (kcell_e100_cbs.c) against a fake 8255x: the test
 * plays the device, following the links the driver wrote, writing frames
 * and completions into the buffers at the bus addresses it finds, and
 * reading the SCB commands the driver issued.  The lists run on a real
 * struct device whose DMA API works under UML, so every lease maps,
 * syncs and unmaps for real.
 */
#include <kcell/kunit.h>

#include <kunit/test.h>
#include <linux/device.h>
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/slab.h>

/*
 * The registers: a plain structure the driver's accessors read and write.
 * A command written to scb.cmd_lo is logged with scb.gen_ptr and accepted
 * at once (cmd_lo reads back 0).
 */
#define KCELL_E100_FAKE_REGS
#include "../kcell_e100.h"

#define FAKE_CMDS	64

/*
 * @trace: the SCB accesses of interest in order: 'A' a write to stat_ack,
 * 'S' a read of the status, 'C' a command.  @on_status: called at each
 * read of the status, before it is returned: the device acting between
 * two steps of the driver.  @bad_stops: descriptor writes after which the
 * device could read a descriptor with a size of 0 and no end of list.
 */
static struct {
	struct kcell_e100_csr csr;
	struct { u8 cmd; u32 gen_ptr; } cmd[FAKE_CMDS];
	unsigned int cmds;
	char trace[FAKE_CMDS + 1];
	unsigned int traced;
	void (*on_status)(void);
	unsigned int bad_stops;
} fake_hw;

#define CSR_OFF(reg)	offsetof(struct kcell_e100_csr, reg)

static void fake_trace(char c)
{
	if (fake_hw.traced < FAKE_CMDS)
		fake_hw.trace[fake_hw.traced++] = c;
}

static u32 fake_rd(size_t off, size_t size)
{
	u32 v = 0;

	if (off == CSR_OFF(scb.cmd_lo))
		return 0;
	if (off == CSR_OFF(scb.status)) {
		fake_trace('S');
		if (fake_hw.on_status)
			fake_hw.on_status();
	}
	memcpy(&v, (u8 *)&fake_hw.csr + off, size);
	return v;
}

static void fake_wr(size_t off, size_t size, u32 val)
{
	memcpy((u8 *)&fake_hw.csr + off, &val, size);
	if (off == CSR_OFF(scb.stat_ack))
		fake_trace('A');
	if (off == CSR_OFF(scb.cmd_lo) && fake_hw.cmds < FAKE_CMDS) {
		fake_trace('C');
		fake_hw.cmd[fake_hw.cmds].cmd = val;
		fake_hw.cmd[fake_hw.cmds].gen_ptr = fake_hw.csr.scb.gen_ptr;
		fake_hw.cmds++;
	}
}

struct kcell_e100_rx;
static void fake_rfd_poked(struct kcell_e100_rx *rx, unsigned int i);
#define kcell_e100_rfd_poked(rx, i)	fake_rfd_poked(rx, i)

/* Calls, not expressions: a read made for its effect leaves no value unused. */
static u8 fake_rd8(const void *nic, size_t off)
{
	return fake_rd(off, 1);
}

static u32 fake_rd32(const void *nic, size_t off)
{
	return fake_rd(off, 4);
}

#define kcell_e100_rd8(nic, reg)	fake_rd8(nic, CSR_OFF(reg))
#define kcell_e100_rd32(nic, reg)	fake_rd32(nic, CSR_OFF(reg))
#define kcell_e100_wr8(nic, reg, val)	((void)(nic), fake_wr(CSR_OFF(reg), 1, val))
#define kcell_e100_wr32(nic, reg, val)	((void)(nic), fake_wr(CSR_OFF(reg), 4, val))

#include "../kcell_e100_hw.c"
#include "../kcell_e100_cbs.c"
#include "../kcell_e100_rx.c"

/* The suite calls the driver's functions; it registers no PCI driver. */
#undef module_pci_driver
#define module_pci_driver(drv)					\
	static struct pci_driver *const kcell_e100_test_unused	\
		__maybe_unused = &(drv)

#include "../kcell_e100_main.c"
#include "../kcell_e100_ethtool.c"

#define RFDS	KCELL_E100_RFDS_MIN
#define CBS	KCELL_E100_CBS_MIN
#define RFD_LEN	sizeof(struct kcell_e100_rfd)

struct e100_test {
	struct device *dev;
	struct net_device *netdev;
	struct kcell_e100 *nic;
	struct packet_type tap;
};

/* What the stack received, as the test's packet tap saw it. */
#define STALE	0xee	/* a buffer's bytes before the device writes a frame */

/*
 * What the stack received, as the test's packet tap saw it.  @stale:
 * frames with a byte the device had not written when they went up.
 */
static struct {
	unsigned int frames;
	unsigned int stale;
	unsigned int len;	/* the last frame's, Ethernet header included */
	u8 data[ETH_FRAME_LEN];
} seen;

/* Whether the frame's payload holds @byte (the frames here are linear). */
static bool skb_linear_data_has(const struct sk_buff *skb, u8 byte)
{
	return memchr(skb->data, byte, skb_headlen(skb));
}

static int e100_tap(struct sk_buff *skb, struct net_device *dev,
		    struct packet_type *pt, struct net_device *orig)
{
	seen.frames++;
	if (skb_linear_data_has(skb, STALE))
		seen.stale++;
	seen.len = skb->len + ETH_HLEN;
	if (seen.len > sizeof(seen.data) ||
	    skb_copy_bits(skb, 0, seen.data + ETH_HLEN, skb->len))
		seen.len = 0;
	else
		memcpy(seen.data, skb_mac_header(skb), ETH_HLEN);
	consume_skb(skb);
	return NET_RX_SUCCESS;
}

static int e100_poll_unused(struct napi_struct *napi, int budget)
{
	return 0;
}

static void e100_reset_unused(struct work_struct *work)
{
}

/* Registered, never opened: the suite calls the lists' functions itself. */
static const struct net_device_ops e100_test_netdev_ops = {};

static int e100_test_init(struct kunit *test)
{
	struct e100_test *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	struct kcell_e100 *nic;

	KUNIT_ASSERT_NOT_NULL(test, t);
	test->priv = t;
	memset(&fake_hw, 0, sizeof(fake_hw));
	memset(&seen, 0, sizeof(seen));
	t->dev = root_device_register("kcell_e100_test");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->dev);
	t->dev->dma_mask = &t->dev->coherent_dma_mask;
	KUNIT_ASSERT_EQ(test, dma_set_mask_and_coherent(t->dev,
							DMA_BIT_MASK(32)), 0);
	t->netdev = alloc_etherdev(sizeof(*nic));
	KUNIT_ASSERT_NOT_NULL(test, t->netdev);
	nic = netdev_priv(t->netdev);
	t->nic = nic;
	nic->netdev = t->netdev;
	nic->dev = t->dev;
	nic->msg_enable = 0;
	nic->rfds_count = RFDS;
	nic->cbs_count = CBS;
	nic->tx_threshold = 0xE0;
	nic->tx_command = cpu_to_le16(cb_tx | cb_tx_sf | cb_cid);
	spin_lock_init(&nic->cb_lock);
	spin_lock_init(&nic->cmd_lock);
	INIT_DELAYED_WORK(&nic->reset_task, e100_reset_unused);
	t->netdev->netdev_ops = &e100_test_netdev_ops;
	eth_hw_addr_random(t->netdev);
	netif_napi_add(t->netdev, &nic->napi, e100_poll_unused);
	KUNIT_ASSERT_EQ(test, register_netdev(t->netdev), 0);
	t->tap.type = htons(ETH_P_ALL);
	t->tap.dev = t->netdev;
	t->tap.func = e100_tap;
	dev_add_pack(&t->tap);
	kcell_test_reports_take();
	return 0;
}

static void e100_test_exit(struct kunit *test)
{
	struct e100_test *t = test->priv;

	/* As kcell_e100_down(): the device was reset, everything comes back. */
	kcell_e100_cbs_free(t->nic);
	kcell_e100_rx_clean_list(t->nic);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
	dev_remove_pack(&t->tap);
	unregister_netdev(t->netdev);
	netif_napi_del(&t->nic->napi);
	free_netdev(t->netdev);
	root_device_unregister(t->dev);
}

/* The fake device's view of receive slot @i's descriptor. */
static struct kcell_e100_rfd *dev_rfd(struct kcell_e100 *nic, unsigned int i)
{
	return kcell_fake_dev_ptr(dma_lease_addr(&nic->rx.slot[i].lease));
}

/* Where descriptor @i's link sends the device. */
static void *dev_link(struct kcell_e100_rfd *rfd)
{
	return phys_to_virt(kcell_dma_desc32_to_u64(rfd->link));
}

/* The device writes a frame of @len bytes (@fill after the header) into @rfd. */
static void dev_write_frame(struct kcell_e100 *nic, struct kcell_e100_rfd *rfd,
			    unsigned int len, u8 fill)
{
	u8 *frame = (u8 *)rfd + RFD_LEN;

	memset(frame, fill, len);
	if (len >= ETH_HLEN) {
		ether_addr_copy(frame, nic->netdev->dev_addr);
		put_unaligned_be16(ETH_P_IP, frame + 2 * ETH_ALEN);
	}
}

/* The device completes slot @i with @len bytes, written before its status. */
static void dev_receive(struct kcell_e100 *nic, unsigned int i,
			unsigned int len, u8 fill)
{
	struct kcell_e100_rfd *rfd = dev_rfd(nic, i);

	/* As QEMU does: a stop (size 0) is completed with 0 bytes. */
	len = min_t(unsigned int, len, le16_to_cpu(rfd->size));
	dev_write_frame(nic, rfd, len, fill);
	rfd->actual_size = cpu_to_le16(len | 0xC000);
	rfd->status = cpu_to_le16(cb_complete | cb_ok);
}

/*
 * As QEMU's model does: slot @i's status and byte count written, its frame
 * not yet (the buffer still holds STALE bytes).
 */
static void dev_status_first(struct kcell_e100 *nic, unsigned int i,
			     unsigned int len)
{
	struct kcell_e100_rfd *rfd = dev_rfd(nic, i);

	memset((u8 *)rfd + RFD_LEN, STALE, len);
	rfd->actual_size = cpu_to_le16(len | 0xC000);
	rfd->status = cpu_to_le16(cb_complete | cb_ok);
}

/*
 * What the device would read of slot @i's descriptor after this write: a
 * size of 0 without the end-of-list bit makes QEMU's model complete a
 * 0-byte frame, run on, and stop taking frames until the next start.
 */
static void fake_rfd_poked(struct kcell_e100_rx *rx, unsigned int i)
{
	struct kcell_e100_rfd *rfd;

	if (!dma_lease_is_granted(&rx->slot[i].lease))
		return;
	rfd = kcell_fake_dev_ptr(dma_lease_addr(&rx->slot[i].lease));
	if (!rfd->size && !(rfd->command & cpu_to_le16(cb_el)))
		fake_hw.bad_stops++;
}

static void rx_clean(struct kcell_e100 *nic, unsigned int budget)
{
	unsigned int work_done = 0;

	local_bh_disable();
	kcell_e100_rx_clean(nic, &work_done, budget);
	local_bh_enable();
}

/* Checks that the descriptors chain @from, @from + 1, ... up to the stop. */
static void expect_chain(struct kunit *test, struct kcell_e100 *nic,
			 unsigned int from, unsigned int stop)
{
	unsigned int i;

	for (i = from; i != stop; i = rx_next(&nic->rx, i))
		KUNIT_EXPECT_PTR_EQ(test, dev_link(dev_rfd(nic, i)),
				    (void *)dev_rfd(nic, rx_next(&nic->rx, i)));
	KUNIT_EXPECT_EQ(test, le16_to_cpu(dev_rfd(nic, stop)->command), cb_el);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(dev_rfd(nic, stop)->size), 0);
}

/*
 * The receive list as e100 builds it: every buffer the device's, each
 * descriptor linked to the next, the end-of-list stop with a size of 0
 * before the last one.
 */
static void e100_test_rx_list(struct kunit *test)
{
	struct kcell_e100 *nic = ((struct e100_test *)test->priv)->nic;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, kcell_e100_rx_alloc_list(nic), 0);
	for (i = 0; i < RFDS; i++)
		KUNIT_EXPECT_TRUE(test, dma_lease_is_granted(&nic->rx.slot[i].lease));
	expect_chain(test, nic, 0, RFDS - 2);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(dev_rfd(nic, RFDS - 1)->command), 0);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(dev_rfd(nic, RFDS - 1)->size),
			RFD_FRAME_LEN);
	KUNIT_EXPECT_EQ(test, nic->rx.ru_running, RU_SUSPENDED);

	kcell_e100_start_receiver(nic);
	KUNIT_ASSERT_EQ(test, fake_hw.cmds, 1);
	KUNIT_EXPECT_EQ(test, fake_hw.cmd[0].cmd, ruc_start);
	KUNIT_EXPECT_PTR_EQ(test, phys_to_virt(fake_hw.cmd[0].gen_ptr),
			    (void *)dev_rfd(nic, 0));
}

/*
 * A frame goes up in its own buffer, byte for byte; a fresh buffer takes
 * the slot, the previous descriptor links to it, and the stop moves on.
 */
static void e100_test_rx_zero_copy(struct kunit *test)
{
	struct kcell_e100 *nic = ((struct e100_test *)test->priv)->nic;
	struct kcell_e100_rfd *old0;
	u8 want[100];

	KUNIT_ASSERT_EQ(test, kcell_e100_rx_alloc_list(nic), 0);
	old0 = dev_rfd(nic, 0);
	dev_receive(nic, 0, sizeof(want), 0x5a);
	memcpy(want, (u8 *)old0 + RFD_LEN, sizeof(want));
	rx_clean(nic, 16);

	KUNIT_EXPECT_EQ(test, seen.frames, 1);
	KUNIT_EXPECT_EQ(test, seen.len, sizeof(want));
	KUNIT_EXPECT_EQ(test, memcmp(seen.data, want, sizeof(want)), 0);
	KUNIT_EXPECT_EQ(test, nic->xstats.rx_swapped, 1);
	KUNIT_EXPECT_EQ(test, nic->netdev->stats.rx_packets, 1);
	KUNIT_EXPECT_PTR_NE(test, (void *)dev_rfd(nic, 0), (void *)old0);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(dev_rfd(nic, 0)->status), 0);
	KUNIT_EXPECT_EQ(test, nic->rx.to_clean, 1);
	/* Slot RFDS - 1 is the stop now, linked to slot 0's new buffer. */
	expect_chain(test, nic, 1, RFDS - 1);
	KUNIT_EXPECT_PTR_EQ(test, dev_link(dev_rfd(nic, RFDS - 2)),
			    (void *)dev_rfd(nic, RFDS - 1));
	KUNIT_EXPECT_EQ(test, le16_to_cpu(dev_rfd(nic, RFDS - 2)->command), 0);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(dev_rfd(nic, RFDS - 2)->size),
			RFD_FRAME_LEN);
	KUNIT_EXPECT_PTR_EQ(test, dev_link(dev_rfd(nic, RFDS - 1)),
			    (void *)dev_rfd(nic, 0));
}

/*
 * No fresh buffer can be mapped (a DMA mask no memory fits): the frame is
 * copied out, whole, and the old buffer goes back to the device in place.
 */
static void e100_test_rx_map_failure_copies(struct kunit *test)
{
	struct e100_test *t = test->priv;
	struct kcell_e100 *nic = t->nic;
	struct kcell_e100_rfd *old0;
	u64 mask = *t->dev->dma_mask;
	u8 want[1500];

	KUNIT_ASSERT_EQ(test, kcell_e100_rx_alloc_list(nic), 0);
	old0 = dev_rfd(nic, 0);
	dev_receive(nic, 0, sizeof(want), 0xa5);
	memcpy(want, (u8 *)old0 + RFD_LEN, sizeof(want));
	*t->dev->dma_mask = DMA_BIT_MASK(12);
	rx_clean(nic, 16);
	*t->dev->dma_mask = mask;

	KUNIT_EXPECT_EQ(test, seen.frames, 1);
	KUNIT_EXPECT_EQ(test, seen.len, sizeof(want));
	KUNIT_EXPECT_EQ(test, memcmp(seen.data, want, sizeof(want)), 0);
	KUNIT_EXPECT_EQ(test, nic->xstats.rx_copied, 1);
	KUNIT_EXPECT_EQ(test, nic->xstats.rx_swapped, 0);
	KUNIT_EXPECT_PTR_EQ(test, (void *)dev_rfd(nic, 0), (void *)old0);
	/* Blank again, and the device's. */
	KUNIT_EXPECT_EQ(test, le16_to_cpu(old0->status), 0);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(old0->actual_size), 0);
	KUNIT_EXPECT_TRUE(test, dma_lease_is_granted(&nic->rx.slot[0].lease));
	KUNIT_EXPECT_FALSE(test, dma_lease_is_mapped(&nic->rx.spare));
}

/*
 * The device runs out: it fills every buffer up to the stop, and (as QEMU
 * does) completes the stop with 0 bytes.  Every frame goes up, the stop
 * does not; it is cleared when the stop moves, and the receive unit,
 * suspended, restarts at it.
 */
static void e100_test_rx_runs_out(struct kunit *test)
{
	struct kcell_e100 *nic = ((struct e100_test *)test->priv)->nic;
	unsigned int i, stop = RFDS - 2;

	KUNIT_ASSERT_EQ(test, kcell_e100_rx_alloc_list(nic), 0);
	for (i = 0; i <= stop; i++)
		dev_receive(nic, i, 60 + i, i);
	set_bit(KCELL_E100_RX_RNR, &nic->rx.events);	/* the RNR interrupt */
	rx_clean(nic, 64);

	KUNIT_EXPECT_EQ(test, seen.frames, stop);
	KUNIT_EXPECT_EQ(test, seen.len, 60 + stop - 1);
	KUNIT_EXPECT_EQ(test, nic->rx.to_clean, stop);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(dev_rfd(nic, stop)->status), 0);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(dev_rfd(nic, stop)->command), 0);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(dev_rfd(nic, stop)->size),
			RFD_FRAME_LEN);
	expect_chain(test, nic, stop, stop - 2);
	KUNIT_ASSERT_EQ(test, fake_hw.cmds, 1);
	KUNIT_EXPECT_EQ(test, fake_hw.cmd[0].cmd, ruc_start);
	KUNIT_EXPECT_PTR_EQ(test, phys_to_virt(fake_hw.cmd[0].gen_ptr),
			    (void *)dev_rfd(nic, stop));
	KUNIT_EXPECT_EQ(test, nic->rx.ru_running, RU_RUNNING);
}

/* At the budget the list is refilled, but a suspended unit waits. */
static void e100_test_rx_budget(struct kunit *test)
{
	struct kcell_e100 *nic = ((struct e100_test *)test->priv)->nic;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, kcell_e100_rx_alloc_list(nic), 0);
	for (i = 0; i < 6; i++)
		dev_receive(nic, i, 64, i);
	set_bit(KCELL_E100_RX_RNR, &nic->rx.events);
	rx_clean(nic, 4);
	KUNIT_EXPECT_EQ(test, seen.frames, 4);
	KUNIT_EXPECT_EQ(test, nic->rx.to_clean, 4);
	KUNIT_EXPECT_EQ(test, fake_hw.cmds, 0);
	rx_clean(nic, 4);
	KUNIT_EXPECT_EQ(test, seen.frames, 6);
	KUNIT_EXPECT_EQ(test, fake_hw.cmds, 1);
	expect_chain(test, nic, 6, 4);
}

/*
 * A stale RNR: QEMU's model raises one for every frame it drops while the
 * unit is stopped, so one can arrive after the restart that ended the
 * stop, while the unit runs.  The driver acknowledges it, then reads the
 * unit's state, and sends no start: a start would move the unit's
 * pointer back to slot 0, which it may have filled and left, and the next
 * frame would go into a buffer sent up the stack, through a mapping that
 * is gone.
 */
static void e100_test_rx_stale_rnr(struct kunit *test)
{
	struct kcell_e100 *nic = ((struct e100_test *)test->priv)->nic;

	KUNIT_ASSERT_EQ(test, kcell_e100_rx_alloc_list(nic), 0);
	kcell_e100_start_receiver(nic);
	KUNIT_ASSERT_EQ(test, fake_hw.cmds, 1);
	fake_hw.csr.scb.status = rus_ready;
	fake_hw.traced = 0;
	set_bit(KCELL_E100_RX_RNR, &nic->rx.events);	/* the interrupt */
	rx_clean(nic, 16);
	fake_hw.trace[fake_hw.traced] = 0;
	KUNIT_EXPECT_STREQ(test, fake_hw.trace, "AS");
	KUNIT_EXPECT_EQ(test, fake_hw.cmds, 1);
	KUNIT_EXPECT_EQ(test, nic->xstats.rx_stale_rnr, 1);
	KUNIT_EXPECT_EQ(test, nic->xstats.rx_restarts, 1);
	KUNIT_EXPECT_EQ(test, nic->rx.ru_running, RU_RUNNING);
	/* The unit writes where it was: slot 0, taken by the next poll. */
	dev_receive(nic, 0, 64, 1);
	rx_clean(nic, 16);
	KUNIT_EXPECT_EQ(test, seen.frames, 1);
	KUNIT_EXPECT_EQ(test, fake_hw.cmds, 1);
}

static struct kcell_e100 *fill_nic;

/* The device, between the poll's last look and the restart: it fills the
 * list up to the stop, completes the stop with 0 bytes, and stops.
 */
static void fill_to_stop(void)
{
	unsigned int i;

	for (i = 0; i < RFDS - 1; i++)
		dev_receive(fill_nic, i, 64, i);
	fake_hw.csr.scb.status = rus_no_res;
	fake_hw.on_status = NULL;
}

/*
 * The unit stopped, but only after it filled the slot the restart would
 * start it at: the poll saw that slot empty, then the device filled the
 * list and stopped before the restart read its state.  A start there
 * would have it write over frames the driver has not taken; the driver
 * takes them first, then restarts the unit where it stopped.
 */
static void e100_test_rx_no_start_over_frames(struct kunit *test)
{
	struct kcell_e100 *nic = ((struct e100_test *)test->priv)->nic;
	unsigned int stop = RFDS - 2;

	KUNIT_ASSERT_EQ(test, kcell_e100_rx_alloc_list(nic), 0);
	kcell_e100_start_receiver(nic);
	KUNIT_ASSERT_EQ(test, fake_hw.cmds, 1);
	fill_nic = nic;
	fake_hw.on_status = fill_to_stop;
	set_bit(KCELL_E100_RX_RNR, &nic->rx.events);
	rx_clean(nic, 64);
	KUNIT_EXPECT_EQ(test, fake_hw.cmds, 1);
	KUNIT_EXPECT_EQ(test, nic->rx.ru_running, RU_SUSPENDED);
	KUNIT_EXPECT_EQ(test, seen.frames, 0);

	rx_clean(nic, 64);
	KUNIT_EXPECT_EQ(test, seen.frames, stop);
	KUNIT_ASSERT_EQ(test, fake_hw.cmds, 2);
	KUNIT_EXPECT_EQ(test, fake_hw.cmd[1].cmd, ruc_start);
	KUNIT_EXPECT_PTR_EQ(test, phys_to_virt(fake_hw.cmd[1].gen_ptr),
			    (void *)dev_rfd(nic, stop));
	KUNIT_EXPECT_EQ(test, nic->rx.ru_running, RU_RUNNING);
}

/*
 * A stop with no RNR taken (one raised while the poll ran, or lost): a
 * poll the watchdog did not ask for leaves the device alone; the
 * watchdog's poll asks it, finds the unit out of resources, and restarts
 * it where the driver is.
 */
static void e100_test_rx_found_stopped(struct kunit *test)
{
	struct kcell_e100 *nic = ((struct e100_test *)test->priv)->nic;

	KUNIT_ASSERT_EQ(test, kcell_e100_rx_alloc_list(nic), 0);
	kcell_e100_start_receiver(nic);
	KUNIT_ASSERT_EQ(test, fake_hw.cmds, 1);
	dev_receive(nic, 0, 64, 1);
	fake_hw.csr.scb.status = rus_no_res;
	rx_clean(nic, 16);
	KUNIT_EXPECT_EQ(test, seen.frames, 1);
	KUNIT_EXPECT_EQ(test, fake_hw.cmds, 1);
	KUNIT_EXPECT_EQ(test, nic->rx.ru_running, RU_RUNNING);

	/* At the budget the check waits for a poll that cleaned the list. */
	dev_receive(nic, 1, 64, 2);
	dev_receive(nic, 2, 64, 3);
	set_bit(KCELL_E100_RX_CHECK, &nic->rx.events);	/* the watchdog */
	rx_clean(nic, 1);
	KUNIT_EXPECT_TRUE(test, test_bit(KCELL_E100_RX_CHECK, &nic->rx.events));
	KUNIT_EXPECT_EQ(test, fake_hw.cmds, 1);

	rx_clean(nic, 16);
	KUNIT_EXPECT_FALSE(test, test_bit(KCELL_E100_RX_CHECK, &nic->rx.events));
	KUNIT_EXPECT_EQ(test, nic->xstats.rx_found_stopped, 1);
	KUNIT_ASSERT_EQ(test, fake_hw.cmds, 2);
	KUNIT_EXPECT_EQ(test, fake_hw.cmd[1].cmd, ruc_start);
	KUNIT_EXPECT_PTR_EQ(test, phys_to_virt(fake_hw.cmd[1].gen_ptr),
			    (void *)dev_rfd(nic, 3));
	KUNIT_EXPECT_EQ(test, nic->rx.ru_running, RU_RUNNING);
}

/*
 * Moving the stop, the device may read either descriptor between any two
 * of the driver's writes: none of those reads may show a descriptor with
 * a size of 0 and no end of list (see fake_rfd_poked()).  Around the ring
 * twice, one frame per poll and then several.
 */
static void e100_test_rx_stop_never_bare(struct kunit *test)
{
	struct kcell_e100 *nic = ((struct e100_test *)test->priv)->nic;
	unsigned int n, i = 0;

	KUNIT_ASSERT_EQ(test, kcell_e100_rx_alloc_list(nic), 0);
	KUNIT_EXPECT_EQ(test, fake_hw.bad_stops, 0);
	for (n = 0; n < 2 * RFDS; n++) {
		dev_receive(nic, i, 64, n);
		i = rx_next(&nic->rx, i);
		if (n >= RFDS && n % 3)
			continue;
		rx_clean(nic, 64);
	}
	rx_clean(nic, 64);
	KUNIT_EXPECT_EQ(test, seen.frames, 2 * RFDS);
	KUNIT_EXPECT_EQ(test, fake_hw.bad_stops, 0);
	expect_chain(test, nic, i, rx_prev(&nic->rx, rx_prev(&nic->rx, i)));
}

static struct {
	struct kcell_e100 *nic;
	unsigned int slot, last;
} late;

/*
 * The device at a read of its status: the frame of late.slot, whose status
 * it wrote first, now written whole; then the next frame's status, and not
 * its bytes, until late.last.
 */
static void late_frame_written(void)
{
	struct kcell_e100_rfd *rfd = dev_rfd(late.nic, late.slot);

	dev_write_frame(late.nic, rfd, le16_to_cpu(rfd->actual_size) & 0x3FFF,
			late.slot + 1);
	if (late.slot++ == late.last) {
		fake_hw.on_status = NULL;
		return;
	}
	dev_status_first(late.nic, late.slot, 64 + late.slot);
}

/*
 * QEMU's model writes a descriptor's status before the frame (the 8255x
 * writes it last).  A frame goes up only once a read of a register says
 * the device is done with what it wrote before: here the fake writes
 * the frame at that read and, moving on, the next frame's status alone,
 * which the poll must not take on the strength of the earlier read.  A
 * batch of frames already written costs one read.
 */
static void e100_test_rx_status_before_frame(struct kunit *test)
{
	struct kcell_e100 *nic = ((struct e100_test *)test->priv)->nic;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, kcell_e100_rx_alloc_list(nic), 0);
	kcell_e100_start_receiver(nic);
	KUNIT_ASSERT_EQ(test, nic->rx.ru_running, RU_RUNNING);
	late.nic = nic;
	late.slot = 0;
	late.last = 2;
	dev_status_first(nic, 0, 64);
	fake_hw.on_status = late_frame_written;
	fake_hw.traced = 0;
	rx_clean(nic, 16);
	fake_hw.trace[fake_hw.traced] = 0;
	KUNIT_EXPECT_EQ(test, seen.frames, 3);
	KUNIT_EXPECT_EQ(test, seen.stale, 0);
	KUNIT_EXPECT_EQ(test, seen.len, 64 + 2);
	KUNIT_EXPECT_STREQ(test, fake_hw.trace, "SSS");

	for (i = 3; i < 7; i++)
		dev_receive(nic, i, 64, i);
	fake_hw.traced = 0;
	rx_clean(nic, 16);
	fake_hw.trace[fake_hw.traced] = 0;
	KUNIT_EXPECT_EQ(test, seen.frames, 7);
	KUNIT_EXPECT_EQ(test, seen.stale, 0);
	KUNIT_EXPECT_STREQ(test, fake_hw.trace, "S");
}

static struct sk_buff *tx_skb(struct kcell_e100 *nic, unsigned int len, u8 fill)
{
	struct sk_buff *skb = alloc_skb(len, GFP_KERNEL);

	if (skb)
		memset(skb_put(skb, len), fill, len);
	return skb;
}

static netdev_tx_t xmit(struct kcell_e100 *nic, struct sk_buff *skb)
{
	netdev_tx_t ret;

	local_bh_disable();
	ret = kcell_e100_xmit_frame(skb, nic->netdev);
	local_bh_enable();
	return ret;
}

static struct kcell_e100_cb *dev_cb(struct kcell_e100 *nic, unsigned int i)
{
	struct kcell_e100_cb *cbs = kcell_fake_dev_ptr(dma_ring_addr(&nic->cbs.ring));

	return &cbs[i];
}

static void tx_clean(struct kcell_e100 *nic)
{
	local_bh_disable();
	kcell_e100_tx_clean(nic);
	local_bh_enable();
}

/*
 * Transmit blocks as the command unit reads them: linked in a ring, the
 * buffer table inside the block, the frame's bytes at its address; the
 * newest block suspends the unit, the one before no longer does.  A
 * buffer comes back only once its block is complete.
 */
static void e100_test_tx_blocks(struct kunit *test)
{
	struct kcell_e100 *nic = ((struct e100_test *)test->priv)->nic;
	struct kcell_e100_cb *cb0, *cb1;
	u8 *bytes;

	KUNIT_ASSERT_EQ(test, kcell_e100_cbs_alloc(nic), 0);
	kcell_e100_cbs_open(nic);
	KUNIT_EXPECT_PTR_EQ(test, phys_to_virt(kcell_dma_desc32_to_u64(dev_cb(nic, CBS - 1)->link)),
			    (void *)dev_cb(nic, 0));
	cb0 = dev_cb(nic, 0);
	/* What a configure command left in the block. */
	memset(&cb0->u, 0x3f, sizeof(cb0->u));
	KUNIT_ASSERT_EQ(test, xmit(nic, tx_skb(nic, 60, 0x11)), NETDEV_TX_OK);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(cb0->command) & (cb_tx | cb_s),
			cb_tx | cb_s);
	KUNIT_EXPECT_PTR_EQ(test, phys_to_virt(kcell_dma_desc32_to_u64(cb0->u.tcb.tbd_array)),
			    (void *)&cb0->u.tcb.tbd);
	KUNIT_EXPECT_EQ(test, cb0->u.tcb.tbd_count, 1);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(cb0->u.tcb.tbd.eol), 0);
	/* An extended block's second descriptor, empty. */
	KUNIT_EXPECT_EQ(test, le32_to_cpu(cb0->u.tcb.tbd2[0]), 0);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(cb0->u.tcb.tbd2[1]), 0);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(cb0->u.tcb.tcb_byte_count), 0);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(cb0->u.tcb.tbd.size), 60);
	bytes = phys_to_virt(kcell_dma_desc32_to_u64(cb0->u.tcb.tbd.buf_addr));
	KUNIT_EXPECT_EQ(test, bytes[0], 0x11);
	KUNIT_EXPECT_EQ(test, bytes[59], 0x11);
	KUNIT_ASSERT_EQ(test, fake_hw.cmds, 1);
	KUNIT_EXPECT_EQ(test, fake_hw.cmd[0].cmd, cuc_start);
	KUNIT_EXPECT_PTR_EQ(test, phys_to_virt(fake_hw.cmd[0].gen_ptr), (void *)cb0);

	KUNIT_ASSERT_EQ(test, xmit(nic, tx_skb(nic, 100, 0x22)), NETDEV_TX_OK);
	cb1 = dev_cb(nic, 1);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(cb1->command) & cb_s, cb_s);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(cb0->command) & cb_s, 0);
	KUNIT_ASSERT_EQ(test, fake_hw.cmds, 2);
	KUNIT_EXPECT_EQ(test, fake_hw.cmd[1].cmd, cuc_resume);

	tx_clean(nic);
	KUNIT_EXPECT_EQ(test, nic->cbs.avail, CBS - 2);
	KUNIT_EXPECT_TRUE(test, dma_ring_is_granted(&nic->cbs.ring, 0));
	cb0->status = cpu_to_le16(cb_complete | cb_ok);
	tx_clean(nic);
	KUNIT_EXPECT_EQ(test, nic->cbs.avail, CBS - 1);
	KUNIT_EXPECT_FALSE(test, dma_ring_is_granted(&nic->cbs.ring, 0));
	KUNIT_EXPECT_TRUE(test, dma_ring_is_granted(&nic->cbs.ring, 1));
	KUNIT_EXPECT_EQ(test, nic->netdev->stats.tx_packets, 1);
	KUNIT_EXPECT_EQ(test, nic->netdev->stats.tx_bytes, 60);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(cb0->status), 0);
}

/*
 * A frame that cannot be mapped takes no block and is dropped, counted:
 * nothing is queued for the command unit (e100 kept the block queued with
 * the previous frame's buffer descriptor), and the queue is not stopped
 * (with nothing in flight, nothing would wake it).
 */
static void e100_test_tx_map_failure(struct kunit *test)
{
	struct e100_test *t = test->priv;
	struct kcell_e100 *nic = t->nic;
	u64 mask = *t->dev->dma_mask;

	KUNIT_ASSERT_EQ(test, kcell_e100_cbs_alloc(nic), 0);
	kcell_e100_cbs_open(nic);
	netif_start_queue(nic->netdev);
	KUNIT_ASSERT_EQ(test, xmit(nic, tx_skb(nic, 60, 0x11)), NETDEV_TX_OK);
	*t->dev->dma_mask = DMA_BIT_MASK(12);
	KUNIT_EXPECT_EQ(test, xmit(nic, tx_skb(nic, 60, 0x33)), NETDEV_TX_OK);
	*t->dev->dma_mask = mask;
	KUNIT_EXPECT_EQ(test, nic->netdev->stats.tx_dropped, 1);
	KUNIT_EXPECT_FALSE(test, netif_queue_stopped(nic->netdev));
	KUNIT_EXPECT_EQ(test, nic->cbs.avail, CBS - 1);
	KUNIT_EXPECT_EQ(test, nic->cbs.to_use, 1);
	KUNIT_EXPECT_EQ(test, fake_hw.cmds, 1);
	KUNIT_EXPECT_NULL(test, nic->cbs.skb[1]);
	KUNIT_EXPECT_FALSE(test, dma_ring_is_granted(&nic->cbs.ring, 1));
	/* The next frame takes the block, and the unit is told of it once. */
	KUNIT_EXPECT_EQ(test, xmit(nic, tx_skb(nic, 60, 0x33)), NETDEV_TX_OK);
	KUNIT_EXPECT_EQ(test, fake_hw.cmds, 2);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(dev_cb(nic, 1)->u.tcb.tbd.size), 60);
}

/*
 * Commands queued before the list is open (before the reset and the
 * self-test, which would wipe them) are refused.
 */
static void e100_test_no_command_before_open(struct kunit *test)
{
	struct kcell_e100 *nic = ((struct e100_test *)test->priv)->nic;

	KUNIT_ASSERT_EQ(test, kcell_e100_cbs_alloc(nic), 0);
	kcell_e100_set_multicast_list(nic->netdev);
	KUNIT_EXPECT_EQ(test, fake_hw.cmds, 0);
	KUNIT_EXPECT_EQ(test, nic->cbs.cuc_cmd, cuc_start);
	kcell_e100_cbs_open(nic);
	kcell_e100_set_multicast_list(nic->netdev);
	KUNIT_ASSERT_EQ(test, fake_hw.cmds, 2);
	KUNIT_EXPECT_EQ(test, fake_hw.cmd[0].cmd, cuc_start);
}

/* The list fills: the last free block stops the queue, and nothing is lost. */
static void e100_test_tx_full(struct kunit *test)
{
	struct kcell_e100 *nic = ((struct e100_test *)test->priv)->nic;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, kcell_e100_cbs_alloc(nic), 0);
	kcell_e100_cbs_open(nic);
	netif_start_queue(nic->netdev);
	for (i = 0; i < CBS; i++)
		KUNIT_ASSERT_EQ(test, xmit(nic, tx_skb(nic, 60, i)), NETDEV_TX_OK);
	KUNIT_EXPECT_TRUE(test, netif_queue_stopped(nic->netdev));
	KUNIT_EXPECT_EQ(test, nic->cbs.avail, 0);
	for (i = 0; i < CBS; i++)
		dev_cb(nic, i)->status = cpu_to_le16(cb_complete | cb_ok);
	tx_clean(nic);
	KUNIT_EXPECT_EQ(test, nic->cbs.avail, CBS);
	KUNIT_EXPECT_FALSE(test, netif_queue_stopped(nic->netdev));
	KUNIT_EXPECT_EQ(test, nic->netdev->stats.tx_packets, CBS);
}

/*
 * Once stopped for a reset, the list takes no command: not a transmit
 * that was already in ndo_start_xmit, not a multicast update (which comes
 * without RTNL), so none starts the command unit on a list being freed.
 */
static void e100_test_no_command_after_stop(struct kunit *test)
{
	struct kcell_e100 *nic = ((struct e100_test *)test->priv)->nic;
	struct sk_buff *skb;

	KUNIT_ASSERT_EQ(test, kcell_e100_cbs_alloc(nic), 0);
	kcell_e100_cbs_open(nic);
	kcell_e100_set_multicast_list(nic->netdev);
	KUNIT_EXPECT_EQ(test, fake_hw.cmds, 2);	/* configure, then multi */
	KUNIT_EXPECT_EQ(test, nic->cbs.avail, CBS - 2);
	kcell_e100_cbs_stop(nic);
	kcell_e100_set_multicast_list(nic->netdev);
	skb = tx_skb(nic, 60, 0x44);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_EXPECT_EQ(test, xmit(nic, skb), NETDEV_TX_BUSY);
	kfree_skb(skb);
	KUNIT_EXPECT_EQ(test, fake_hw.cmds, 2);
	KUNIT_EXPECT_FALSE(test, dma_ring_is_granted(&nic->cbs.ring, 2));
}

/* PHY register reads and writes the MII library made (none expected). */
static unsigned int e100_mdio_calls;

static int e100_mdio_read(struct net_device *netdev, int addr, int reg)
{
	e100_mdio_calls++;
	return 0;
}

static void e100_mdio_write(struct net_device *netdev, int addr, int reg,
			    int val)
{
	e100_mdio_calls++;
}

/*
 * Once remove revoked hw_live, the watchdog (the timer's callback, run as
 * the timer would) and a reset queued late (by a timeout, or a failed
 * reset's retry) touch no register and the PHY not at all, and neither
 * re-arms itself: the timer and the work stay idle for good.
 */
static void e100_test_no_timer_work_after_revoke(struct kunit *test)
{
	struct e100_test *t = test->priv;
	struct kcell_e100 *nic = t->nic;

	nic->mii.dev = t->netdev;
	nic->mii.mdio_read = e100_mdio_read;
	nic->mii.mdio_write = e100_mdio_write;
	e100_mdio_calls = 0;
	timer_setup(&nic->watchdog, kcell_e100_watchdog, 0);
	INIT_DELAYED_WORK(&nic->reset_task, kcell_e100_reset_task);
	revocable_init(&nic->hw_live);
	revocable_revoke(&nic->hw_live);

	kcell_e100_watchdog(&nic->watchdog);
	KUNIT_EXPECT_FALSE(test, timer_pending(&nic->watchdog));
	rtnl_lock();
	set_bit(__LINK_STATE_START, &t->netdev->state);
	rtnl_unlock();
	schedule_delayed_work(&nic->reset_task, 0);
	flush_delayed_work(&nic->reset_task);
	rtnl_lock();
	clear_bit(__LINK_STATE_START, &t->netdev->state);
	rtnl_unlock();
	KUNIT_EXPECT_FALSE(test, delayed_work_pending(&nic->reset_task));
	KUNIT_EXPECT_EQ(test, e100_mdio_calls, 0);
	KUNIT_EXPECT_EQ(test, fake_hw.traced, 0);
	KUNIT_EXPECT_NULL(test, memchr_inv(&fake_hw.csr, 0, sizeof(fake_hw.csr)));
	KUNIT_EXPECT_FALSE(test, nic->up);
	/* As remove does next: a driver that re-armed must not outlive it. */
	del_timer_sync(&nic->watchdog);
	cancel_delayed_work_sync(&nic->reset_task);
}

static struct kunit_case kcell_e100_cases[] = {
	KUNIT_CASE(e100_test_rx_list),
	KUNIT_CASE(e100_test_rx_zero_copy),
	KUNIT_CASE(e100_test_rx_map_failure_copies),
	KUNIT_CASE(e100_test_rx_runs_out),
	KUNIT_CASE(e100_test_rx_budget),
	KUNIT_CASE(e100_test_rx_stale_rnr),
	KUNIT_CASE(e100_test_rx_no_start_over_frames),
	KUNIT_CASE(e100_test_rx_found_stopped),
	KUNIT_CASE(e100_test_rx_stop_never_bare),
	KUNIT_CASE(e100_test_rx_status_before_frame),
	KUNIT_CASE(e100_test_tx_blocks),
	KUNIT_CASE(e100_test_tx_map_failure),
	KUNIT_CASE(e100_test_tx_full),
	KUNIT_CASE(e100_test_no_command_after_stop),
	KUNIT_CASE(e100_test_no_command_before_open),
	KUNIT_CASE(e100_test_no_timer_work_after_revoke),
	{}
};

static struct kunit_suite kcell_e100_suite = {
	.name = "kcell_e100",
	.init = e100_test_init,
	.exit = e100_test_exit,
	.test_cases = kcell_e100_cases,
};
kunit_test_suite(kcell_e100_suite);

MODULE_DESCRIPTION("KUnit tests for kcell_e100's receive and command lists");
MODULE_LICENSE("GPL");

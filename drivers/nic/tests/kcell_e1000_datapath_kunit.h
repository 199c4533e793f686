/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit suite for kcell_e1000's data path and control paths
 * (drivers/nic/kcell_e1000_datapath.c, kcell_e1000_main.c) against fake
 * registers (kcell_e1000_kunit.c's kcell_e1000_rd()/kcell_e1000_wr()) and
 * descriptors the test writes back as the device would.  Included once, at the
 * end of kcell_e1000_kunit.c: both suites need the driver's files, which may be
 * compiled into only one translation unit.
 *
 * The interface is a registered net_device that is never opened: the
 * tests call the driver's up and down paths themselves (under RTNL, as
 * the stack does), and run its NAPI poll as the softirq runs it; an MTU
 * change is kcell_e1000_change_mtu() itself, on an interface marked
 * running for the call.  The device the driver maps for is its PCI
 * function's (a pci_dev with only a struct device, and ->irq, set up).  The
 * transmit path is kcell_e1000_start_xmit() itself, so byte queue limits and
 * the queue state are the real ones.  Receive-side packets go to the
 * stack, which drops them (the interface is not up), after a packet tap
 * of the test's (dp_seen) recorded what they hold.
 *
 * What each test forces, and what a wrong driver does there:
 * - a poll that runs inside kcell_e1000_down(), after netif_tx_disable(): it
 *   must neither wake the queue nor unmask interrupts (the in-tree driver
 *   guards this with __E1000_DOWN);
 * - up after down reschedules the qdisc (wakes the queue, not starts it);
 * - a shared interrupt after down with a link cause: no link work;
 * - the receive error bits: CXE drops a frame, TCPE does not;
 * - long packets enabled from MTU 1501, as in-tree, and only into 2 KiB
 *   buffers; an MTU change swaps in a ring of the buffers it needs;
 * - a TSO packet counted once per segment, headers included;
 * - values the device writes back are not trusted: a length beyond the
 *   buffer, a zero length, a first buffer shorter than an Ethernet header,
 *   DD on descriptors never posted, a frame split into more buffers than
 *   an skb has fragments; the first two of these no correct device writes,
 *   and they are faults of the domain;
 * - the fault domain: a transmit timeout, a garbage length, a completion
 *   never posted and a mapping storm each reset the running interface
 *   and rebuild it from its settings (ring sizes and MTU changed before
 *   the fault), losing only the packets in its rings; a restart that
 *   cannot map its buffers leaves it torn down, and MTU and ring changes
 *   made then are what the retry builds; remove's stop waits for a
 *   recovery that waits for RTNL;
 * - zero-copy receive: a frame goes up in the buffer the device wrote and
 *   a fresh one takes its place; a small one is copied and its buffer
 *   stays; when no fresh buffer can be mapped the frame is copied and the
 *   ring keeps its buffer, also in the middle of a jumbo frame; a jumbo
 *   frame's buffers go up in order, and its truesize counts whole buffers.
 */

struct dp_test {
	struct device *dev;	/* &pdev->dev, once added */
	struct pci_dev *pdev;	/* its struct device, and ->irq (down) */
	struct net_device *netdev;
	struct kcell_e1000 *a;
	struct packet_type tap;
	bool registered;
	bool up;
	unsigned int faults;	/* the test's faults: no other is reported */
};

/* What the stack received last, as the test's packet tap saw it. */
static struct {
	unsigned int frames;
	unsigned int len;	/* after the Ethernet header */
	unsigned int nr_frags;
	unsigned int truesize;
	const void *head;	/* where the skb's head is (only compared) */
	u8 data[E1000_MAX_FRAME];
} dp_seen;

static int dp_tap(struct sk_buff *skb, struct net_device *dev,
		  struct packet_type *pt, struct net_device *orig)
{
	dp_seen.frames++;
	dp_seen.len = skb->len;
	dp_seen.nr_frags = skb_shinfo(skb)->nr_frags;
	dp_seen.truesize = skb->truesize;
	dp_seen.head = skb->head;
	if (skb->len > sizeof(dp_seen.data) ||
	    skb_copy_bits(skb, 0, dp_seen.data, skb->len))
		dp_seen.len = 0;
	consume_skb(skb);
	return NET_RX_SUCCESS;
}

static struct e1000_data_desc *dp_tx_desc(struct kcell_e1000 *a, unsigned int i)
{
	struct e1000_data_desc *d;

	d = kcell_fake_dev_ptr(dma_region_addr(&a->tx.desc, 0));
	return &d[i];
}

static struct e1000_rx_desc *dp_rx_desc(struct kcell_e1000 *a, unsigned int i)
{
	struct e1000_rx_desc *d;

	d = kcell_fake_dev_ptr(dma_region_addr(&a->rx.desc, 0));
	return &d[i];
}

/* The last reference to the test's PCI function is gone. */
static void dp_pdev_release(struct device *dev)
{
	kfree(to_pci_dev(dev));
}

/* As kcell_e1000_probe() sets the adapter up (its own init), without PCI. */
static int dp_init(struct kunit *test)
{
	struct dp_test *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	struct net_device *netdev;
	struct kcell_e1000 *a;

	KUNIT_ASSERT_NOT_NULL(test, t);
	test->priv = t;
	spin_lock_init(&fake_hw.lock);
	memset(fake_hw.regs, 0, sizeof(fake_hw.regs));
	fake_hw.logged = 0;
	fake_hw.status_reads = 0;
	fake_hw.master_off = false;
	fake_hw.master_offs = 0;

	/*
	 * The driver maps for &pdev->dev where it allocates rings itself
	 * (an MTU change): a device of its own, freed with its last
	 * reference, as a root device would be.
	 */
	t->pdev = kzalloc(sizeof(*t->pdev), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->pdev);
	device_initialize(&t->pdev->dev);
	t->pdev->dev.release = dp_pdev_release;
	KUNIT_ASSERT_EQ(test, dev_set_name(&t->pdev->dev,
					   "kcell_e1000_dp_test"), 0);
	KUNIT_ASSERT_EQ(test, device_add(&t->pdev->dev), 0);
	t->dev = &t->pdev->dev;
	t->dev->dma_mask = &t->dev->coherent_dma_mask;
	KUNIT_ASSERT_EQ(test, dma_set_mask_and_coherent(t->dev,
							DMA_BIT_MASK(64)), 0);

	netdev = alloc_etherdev(sizeof(*a));
	KUNIT_ASSERT_NOT_NULL(test, netdev);
	t->netdev = netdev;
	a = netdev_priv(netdev);
	t->a = a;
	kcell_e1000_adapter_init(a, netdev, t->pdev);
	a->tx_count = RING;
	a->rx_count = RING;
	netdev->netdev_ops = &kcell_e1000_netdev_ops;
	netdev->hw_features = NETIF_F_HW_CSUM | NETIF_F_SG | NETIF_F_TSO;
	netdev->features = netdev->hw_features;
	netdev->max_mtu = E1000_MAX_FRAME - VLAN_ETH_HLEN;
	eth_hw_addr_random(netdev);
	netif_napi_add(netdev, &a->napi, kcell_e1000_poll);
	KUNIT_ASSERT_EQ(test, register_netdev(netdev), 0);
	t->registered = true;
	memset(&dp_seen, 0, sizeof(dp_seen));
	t->tap.type = htons(ETH_P_ALL);
	t->tap.dev = netdev;
	t->tap.func = dp_tap;
	dev_add_pack(&t->tap);

	KUNIT_ASSERT_EQ(test, kcell_e1000_tx_ring_init(&a->tx, t->dev, RING),
			0);
	KUNIT_ASSERT_EQ(test,
			kcell_e1000_rx_ring_init(&a->rx, t->dev, RING,
						 kcell_e1000_rx_buf_len(netdev->mtu)),
			0);
	rtnl_lock();
	kcell_e1000_up(a);
	rtnl_unlock();
	t->up = true;
	kcell_test_reports_take();
	return 0;
}

static void dp_down(struct dp_test *t)
{
	rtnl_lock();
	kcell_e1000_down(t->a);
	rtnl_unlock();
	t->up = false;
}

/* Mark the interface running, as an open would, for a recovery to act on it. */
static void dp_mark_running(struct dp_test *t, bool running)
{
	if (running)
		set_bit(__LINK_STATE_START, &t->netdev->state);
	else
		clear_bit(__LINK_STATE_START, &t->netdev->state);
}

/* The interface marked running (or not) for the tests that follow. */
static void dp_set_running(struct dp_test *t, bool running)
{
	rtnl_lock();
	dp_mark_running(t, running);
	rtnl_unlock();
}

/* Every kcell_domain_fault() call so far, whatever its reason. */
static u64 dp_faults(struct dp_test *t)
{
	struct kcell_domain_stats st;
	u64 n = 0;
	int i;

	kcell_domain_read_stats(&t->a->domain, &st);
	for (i = 0; i < KCELL_FAULT_NR; i++)
		n += st.faults[i];
	return n;
}

static void dp_exit(struct kunit *test)
{
	struct dp_test *t = test->priv;

	if (!t)
		return;
	if (t->a) {
		/* A test that meant no fault reported none, nor any other. */
		KUNIT_EXPECT_EQ(test, dp_faults(t), (u64)t->faults);
		/* As remove does: no recovery runs on what is freed below. */
		kcell_domain_stop(&t->a->domain);
		dp_set_running(t, false);
		if (test_and_clear_bit(KCELL_E1000_TORN, &t->a->flags))
			t->up = false;
		if (t->up)
			dp_down(t);
		if (t->a->rx.count)
			kcell_e1000_rx_ring_release(&t->a->rx);
		if (t->a->tx.count)
			kcell_e1000_tx_ring_release(&t->a->tx);
		if (t->tap.func)
			dev_remove_pack(&t->tap);
		if (t->registered)
			unregister_netdev(t->netdev);
		netif_napi_del(&t->a->napi);
		free_netdev(t->netdev);
	}
	if (t->dev)
		device_del(t->dev);
	if (t->pdev)
		put_device(&t->pdev->dev);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/* A packet of @len bytes through ndo_start_xmit, as the stack sends it. */
static void dp_xmit_skb(struct kunit *test, struct dp_test *t,
			struct sk_buff *skb)
{
	struct netdev_queue *txq = netdev_get_tx_queue(t->netdev, 0);
	netdev_tx_t ret;

	local_bh_disable();
	__netif_tx_lock(txq, smp_processor_id());
	ret = kcell_e1000_start_xmit(skb, t->netdev);
	__netif_tx_unlock(txq);
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, ret, NETDEV_TX_OK);
}

static void dp_xmit(struct kunit *test, struct dp_test *t, unsigned int len)
{
	struct sk_buff *skb = netdev_alloc_skb(t->netdev, len);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	memset(skb_put(skb, len), 0x5a, len);
	dp_xmit_skb(test, t, skb);
}

/* The device sends everything posted: DD on every descriptor. */
static void dp_tx_all_done(struct dp_test *t)
{
	unsigned int i;

	dma_wmb();
	for (i = t->a->tx.next_to_clean; i != t->a->tx.next_to_use;
	     i = (i + 1) % t->a->tx.count)
		WRITE_ONCE(dp_tx_desc(t->a, i)->status, E1000_TXD_STAT_DD);
}

/* The device receives @len bytes into the next buffer and writes back. */
static void dp_rx_frame(struct dp_test *t, unsigned int i, unsigned int len,
			u16 wb_len, u8 errors)
{
	struct e1000_rx_desc *d = dp_rx_desc(t->a, i);
	u8 *buf = kcell_fake_dev_desc_ptr(d->addr);

	memset(buf, 0xff, 6);			/* broadcast */
	memset(buf + 6, 0x02, len - 6);
	d->length = cpu_to_le16(wb_len);
	d->errors = errors;
	dma_wmb();
	WRITE_ONCE(d->status, E1000_RXD_STAT_DD | E1000_RXD_STAT_EOP);
}

/*
 * An interrupt: the poll runs as the softirq runs it, here; or, once a
 * softirq was raised from process context (up wakes the transmit queue),
 * in ksoftirqd, which this waits for (a second or two at most).
 */
static void dp_poll(struct dp_test *t)
{
	unsigned int i;

	local_bh_disable();
	napi_schedule(&t->a->napi);
	local_bh_enable();
	for (i = 0; i < 1000 && test_bit(NAPI_STATE_SCHED, &t->a->napi.state);
	     i++)
		usleep_range(1000, 2000);
}

static u64 dp_stat(u64_stats_t *ctr)
{
	return u64_stats_read(ctr);
}

/* Whether the driver wrote @reg since write number @since. */
static bool dp_wrote_since(unsigned int since, u32 reg)
{
	unsigned int i;

	for (i = since; i < fake_hw.logged; i++)
		if (fake_hw.log[i % FAKE_LOG_LEN].reg == reg)
			return true;
	return false;
}

/*
 * Packets the device finished, and a poll that the interrupt scheduled
 * but that runs only inside kcell_e1000_down(), when netif_tx_disable() lets
 * the softirq in: the transmit queue was stopped by down, and the poll
 * must not wake it (nor unmask interrupts), or ndo_start_xmit runs on
 * while down resets the ring.
 */
static void dp_test_no_wake_inside_down(struct kunit *test)
{
	struct dp_test *t = test->priv;
	struct kcell_e1000 *a = t->a;
	unsigned int i, since;

	for (i = 0; i < 8; i++)
		dp_xmit(test, t, 100);
	dp_tx_all_done(t);
	rtnl_lock();
	/* From process context: pending until a bottom-half enable. */
	napi_schedule(&a->napi);
	/* A timer interrupt may have run it already: nothing to test then. */
	if (dp_stat(&a->tx_stats.packets)) {
		rtnl_unlock();
		kunit_skip(test, "the poll ran before down began");
	}
	since = fake_hw.logged;
	kcell_e1000_down(a);
	rtnl_unlock();
	t->up = false;
	/* The poll did run inside down: it took the 8 packets back. */
	KUNIT_EXPECT_EQ(test, dp_stat(&a->tx_stats.packets), 8);
	KUNIT_EXPECT_TRUE(test, netif_queue_stopped(t->netdev));
	KUNIT_EXPECT_EQ(test, dp_stat(&a->tx_stats.woken), 0);
	KUNIT_EXPECT_FALSE(test, dp_wrote_since(since, E1000_IMS));
}

/*
 * Up after down: down stopped the queue while the qdisc may have held
 * packets; up must wake the queue, which reschedules the qdisc, and not
 * merely start it, or that backlog waits for the next packet the stack
 * enqueues.  With bottom halves off the qdisc's run is still pending when
 * up returns, so whether up scheduled it can be seen.
 */
static void dp_test_up_wakes_queue(struct kunit *test)
{
	struct dp_test *t = test->priv;
	struct netdev_queue *txq = netdev_get_tx_queue(t->netdev, 0);
	bool scheduled;

	dp_down(t);
	KUNIT_ASSERT_TRUE(test, netif_tx_queue_stopped(txq));
	rtnl_lock();
	local_bh_disable();
	kcell_e1000_up(t->a);
	scheduled = test_bit(__QDISC_STATE_SCHED,
			     &rcu_dereference_bh(txq->qdisc)->state);
	local_bh_enable();
	rtnl_unlock();
	t->up = true;
	KUNIT_EXPECT_FALSE(test, netif_tx_queue_stopped(txq));
	KUNIT_EXPECT_TRUE(test, scheduled);
}

/*
 * After down, another device's interrupt on a shared line finds a link
 * cause latched in ICR (causes show even while masked): no link work may
 * run, it would touch a device being torn down.
 */
static void dp_test_no_link_work_when_down(struct kunit *test)
{
	struct dp_test *t = test->priv;
	unsigned int reads;

	dp_down(t);
	reads = fake_hw.status_reads;
	fake_hw.regs[E1000_ICR / 4] = E1000_ICR_LSC | E1000_ICR_RXT0;
	KUNIT_EXPECT_EQ(test, kcell_e1000_irq(0, t->a), IRQ_HANDLED);
	flush_work(&t->a->link_work);
	/* The link work reads STATUS first thing. */
	KUNIT_EXPECT_EQ(test, fake_hw.status_reads, reads);
}

/*
 * The link work touches the registers only while @hw_live is live: with
 * it live it reads STATUS and turns the carrier on; once remove revoked
 * it, a link work queued late (by a stray interrupt) touches no register.
 */
static void dp_test_works_after_revoke(struct kunit *test)
{
	struct dp_test *t = test->priv;
	struct kcell_e1000 *a = t->a;
	unsigned int reads, writes;

	flush_work(&a->link_work);
	fake_hw.regs[E1000_STATUS / 4] = E1000_STATUS_LU | E1000_STATUS_FD;
	reads = fake_hw.status_reads;
	schedule_work(&a->link_work);
	flush_work(&a->link_work);
	KUNIT_EXPECT_EQ(test, fake_hw.status_reads, reads + 1);
	KUNIT_EXPECT_TRUE(test, netif_carrier_ok(t->netdev));

	revocable_revoke(&a->hw_live);
	fake_hw.regs[E1000_STATUS / 4] = 0;
	reads = fake_hw.status_reads;
	writes = fake_hw.logged;
	schedule_work(&a->link_work);
	flush_work(&a->link_work);
	KUNIT_EXPECT_EQ(test, fake_hw.status_reads, reads);
	KUNIT_EXPECT_EQ(test, fake_hw.logged, writes);
	KUNIT_EXPECT_TRUE(test, netif_carrier_ok(t->netdev));
}

/* Runs the recovery a fault queued, and any retry pending, to its end. */
static void dp_recover(struct dp_test *t)
{
	flush_delayed_work(&t->a->domain.__kc_recover);
}

static void dp_domain_stats(struct dp_test *t, struct kcell_domain_stats *st)
{
	kcell_domain_read_stats(&t->a->domain, st);
}

/*
 * The running interface after a recovery: up on rings of the sizes and
 * the buffers its settings ask for, every receive buffer the device's,
 * nothing of the old rings held.
 */
static void dp_expect_rebuilt(struct kunit *test, struct dp_test *t)
{
	struct kcell_e1000 *a = t->a;

	KUNIT_EXPECT_TRUE(test, kcell_domain_is_live(&a->domain));
	KUNIT_EXPECT_FALSE(test, test_bit(KCELL_E1000_TORN, &a->flags));
	KUNIT_EXPECT_FALSE(test, test_bit(KCELL_E1000_DOWN, &a->flags));
	KUNIT_EXPECT_FALSE(test, netif_queue_stopped(t->netdev));
	KUNIT_EXPECT_EQ(test, a->tx.count, a->tx_count);
	KUNIT_EXPECT_EQ(test, a->rx.count, a->rx_count);
	KUNIT_EXPECT_EQ(test, a->rx.buf_len,
			kcell_e1000_rx_buf_len(t->netdev->mtu));
	KUNIT_EXPECT_EQ(test, kcell_e1000_ring_leases(&a->tx), 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(a->rx.granted),
			(unsigned long)a->rx_count);
	KUNIT_EXPECT_EQ(test, READ_ONCE(a->rx_skbs), 0);
	KUNIT_EXPECT_TRUE(test, fake_hw.regs[E1000_RCTL / 4] & E1000_RCTL_EN);
	/* Off while the old rings went, on again for the new ones. */
	KUNIT_EXPECT_FALSE(test, fake_hw.master_off);
	KUNIT_EXPECT_GT(test, fake_hw.master_offs, 0U);
	KUNIT_EXPECT_NE(test, fake_hw.rx_count_at_off, 0U);
	KUNIT_EXPECT_EQ(test, fake_hw.rx_count_at_on, a->rx_count);
}

/*
 * ndo_start_xmit while the domain is revoked: the packet goes back to the
 * qdisc (NETDEV_TX_BUSY, not consumed) and the queue stops.
 */
static void dp_expect_xmit_refused(struct kunit *test, struct dp_test *t)
{
	struct netdev_queue *txq = netdev_get_tx_queue(t->netdev, 0);
	struct sk_buff *skb = netdev_alloc_skb(t->netdev, 100);
	netdev_tx_t ret;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_put(skb, 100);
	netif_wake_queue(t->netdev);
	local_bh_disable();
	__netif_tx_lock(txq, smp_processor_id());
	ret = kcell_e1000_start_xmit(skb, t->netdev);
	__netif_tx_unlock(txq);
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, ret, NETDEV_TX_BUSY);
	KUNIT_EXPECT_TRUE(test, netif_queue_stopped(t->netdev));
	kfree_skb(skb);
}

/* A frame into the rebuilt ring arrives, and a packet goes out. */
static void dp_expect_traffic(struct kunit *test, struct dp_test *t)
{
	u64 rx = dp_stat(&t->a->rx_stats.packets);
	u64 tx = dp_stat(&t->a->tx_stats.packets);

	dp_rx_frame(t, t->a->rx.next_to_clean, 60, 60, 0);
	dp_xmit(test, t, 100);
	dp_tx_all_done(t);
	dp_poll(t);
	KUNIT_EXPECT_EQ(test, dp_stat(&t->a->rx_stats.packets), rx + 1);
	KUNIT_EXPECT_EQ(test, dp_stat(&t->a->tx_stats.packets), tx + 1);
}

/*
 * A transmit timeout with packets in the ring, on an interface whose
 * ring sizes and MTU were changed first: the domain resets it, the
 * packets in the ring are the only loss, the queue wakes, and the rings
 * come back at the sizes and the buffer length those settings ask for.
 */
static void dp_test_timeout_recovers(struct kunit *test)
{
	struct dp_test *t = test->priv;
	struct kcell_e1000 *a = t->a;
	struct kcell_domain_stats st;
	unsigned int i;

	rtnl_lock();
	dp_mark_running(t, true);
	KUNIT_ASSERT_EQ(test, kcell_e1000_resize_rings(a, 2 * RING, RING), 0);
	KUNIT_ASSERT_EQ(test, kcell_e1000_change_mtu(t->netdev, 3000), 0);
	rtnl_unlock();
	for (i = 0; i < 4; i++)
		dp_xmit(test, t, 100);
	KUNIT_EXPECT_EQ(test, kcell_e1000_ring_leases(&a->tx), 4);

	/* RTNL held: the recovery waits, and the test sees the fault alone. */
	rtnl_lock();
	local_bh_disable();
	kcell_e1000_tx_timeout(t->netdev, 0);
	local_bh_enable();
	t->faults = 1;
	/* At once: the queue stops, interrupts masked, the domain revoked. */
	KUNIT_EXPECT_TRUE(test, netif_queue_stopped(t->netdev));
	KUNIT_EXPECT_EQ(test, fake_hw.regs[E1000_IMC / 4], ~0u);
	KUNIT_EXPECT_FALSE(test, kcell_domain_is_live(&a->domain));
	/* A packet sent now waits in the qdisc, the ring untouched. */
	dp_expect_xmit_refused(test, t);
	KUNIT_EXPECT_EQ(test, kcell_e1000_ring_leases(&a->tx), 4);
	rtnl_unlock();
	dp_recover(t);
	KUNIT_EXPECT_EQ(test, fake_hw.master_offs, 1U);
	KUNIT_EXPECT_EQ(test, fake_hw.rx_count_at_off, RING);

	dp_domain_stats(t, &st);
	KUNIT_EXPECT_EQ(test, st.faults[KCELL_FAULT_STUCK], 1);
	KUNIT_EXPECT_EQ(test, st.recoveries, 1);
	KUNIT_EXPECT_EQ(test, a->tx_count, 2 * RING);
	KUNIT_EXPECT_EQ(test, t->netdev->mtu, 3000);
	dp_expect_rebuilt(test, t);
	/* The four in the ring were freed, not sent: the only loss. */
	KUNIT_EXPECT_EQ(test, dp_stat(&a->tx_stats.packets), 0);
	KUNIT_EXPECT_EQ(test, dp_stat(&a->tx_stats.flushed), 4);
	KUNIT_EXPECT_EQ(test, dp_stat(&a->tx_stats.flushed_bytes), 4 * 100);
	dp_expect_traffic(test, t);
}

/*
 * Write-backs no correct device makes, each a fault that resets the
 * running interface: a receive length beyond the buffer (the frame is
 * dropped), DD on a transmit descriptor never posted.
 */
static void dp_test_garbage_recovers(struct kunit *test)
{
	struct dp_test *t = test->priv;
	struct kcell_e1000 *a = t->a;
	struct kcell_domain_stats st;
	unsigned int i;

	dp_set_running(t, true);
	dp_rx_frame(t, 0, 60, 0xffff, 0);
	/* Not delivered: no frame after a fault, in the same poll. */
	dp_rx_frame(t, 1, 60, 60, 0);
	dp_poll(t);
	dp_recover(t);
	t->faults = 2;
	dp_domain_stats(t, &st);
	KUNIT_EXPECT_EQ(test, st.faults[KCELL_FAULT_GARBAGE], 1);
	KUNIT_EXPECT_EQ(test, dp_stat(&a->rx_stats.packets), 0);
	KUNIT_EXPECT_EQ(test, st.recoveries, 1);
	KUNIT_EXPECT_EQ(test, dp_stat(&a->rx_stats.length_errors), 1);
	dp_expect_rebuilt(test, t);

	dp_xmit(test, t, 100);
	for (i = 0; i < RING; i++)
		WRITE_ONCE(dp_tx_desc(a, i)->status, E1000_TXD_STAT_DD);
	dp_poll(t);
	dp_recover(t);
	dp_domain_stats(t, &st);
	KUNIT_EXPECT_EQ(test, st.faults[KCELL_FAULT_UNPOSTED], 1);
	KUNIT_EXPECT_EQ(test, st.recoveries, 2);
	/* The posted one completed first; nothing stale in the new ring. */
	KUNIT_EXPECT_EQ(test, dp_stat(&a->tx_stats.packets), 1);
	dp_expect_rebuilt(test, t);
	dp_expect_traffic(test, t);
	dp_domain_stats(t, &st);
	KUNIT_EXPECT_EQ(test, st.recoveries, 2);
}

/*
 * Transmit mappings that keep failing (a DMA mask no memory fits) are a
 * storm: the domain resets the interface once, at KCELL_E1000_MAP_STORM
 * failures in a row, and the packets are dropped, not queued forever.
 */
static void dp_test_map_storm_recovers(struct kunit *test)
{
	struct dp_test *t = test->priv;
	struct kcell_e1000 *a = t->a;
	struct kcell_domain_stats st;
	u64 mask = *t->dev->dma_mask;
	unsigned int i;

	dp_set_running(t, true);
	*t->dev->dma_mask = DMA_BIT_MASK(12);
	for (i = 0; i < KCELL_E1000_MAP_STORM; i++)
		dp_xmit(test, t, 100);
	*t->dev->dma_mask = mask;
	KUNIT_EXPECT_EQ(test, dp_stat(&a->xmit_stats.map_errors),
			KCELL_E1000_MAP_STORM);
	t->faults = 1;
	dp_recover(t);
	dp_domain_stats(t, &st);
	KUNIT_EXPECT_EQ(test, st.faults[KCELL_FAULT_MAP_STORM], 1);
	KUNIT_EXPECT_EQ(test, st.recoveries, 1);
	KUNIT_EXPECT_EQ(test, a->xmit_map_run, 0);
	dp_expect_rebuilt(test, t);
	dp_expect_traffic(test, t);
}

/*
 * A restart that cannot map its receive buffers leaves the interface torn
 * down: no rings, the domain revoked, the queue stopped.  An MTU change
 * and a ring resize made then only change the settings; the retry, once
 * mappings work again, builds the rings from them.
 */
static void dp_test_torn_until_rebuilt(struct kunit *test)
{
	struct dp_test *t = test->priv;
	struct kcell_e1000 *a = t->a;
	struct kcell_domain_stats st;
	u64 mask = *t->dev->dma_mask;

	dp_set_running(t, true);
	*t->dev->dma_mask = DMA_BIT_MASK(12);
	local_bh_disable();
	kcell_e1000_tx_timeout(t->netdev, 0);
	local_bh_enable();
	t->faults = 1;
	dp_recover(t);
	KUNIT_EXPECT_TRUE(test, test_bit(KCELL_E1000_TORN, &a->flags));
	KUNIT_EXPECT_FALSE(test, kcell_domain_is_live(&a->domain));
	KUNIT_EXPECT_EQ(test, a->rx.count, 0);
	KUNIT_EXPECT_EQ(test, a->tx.count, 0);
	KUNIT_EXPECT_TRUE(test, netif_queue_stopped(t->netdev));
	KUNIT_EXPECT_TRUE(test, fake_hw.master_off);
	/*
	 * What a resume's attach does to a torn interface: wakes the queue.
	 * Transmit must not reach the freed rings.
	 */
	dp_expect_xmit_refused(test, t);

	rtnl_lock();
	KUNIT_EXPECT_EQ(test, kcell_e1000_change_mtu(t->netdev, 3000), 0);
	KUNIT_EXPECT_EQ(test, kcell_e1000_resize_rings(a, RING, 2 * RING), 0);
	KUNIT_EXPECT_EQ(test, a->rx.count, 0);
	*t->dev->dma_mask = mask;
	rtnl_unlock();
	kcell_domain_retry_now(&a->domain);
	dp_recover(t);
	dp_domain_stats(t, &st);
	KUNIT_EXPECT_GE(test, st.failed_restarts, 1);
	KUNIT_EXPECT_EQ(test, st.recoveries, 1);
	KUNIT_EXPECT_EQ(test, a->rx_count, 2 * RING);
	dp_expect_rebuilt(test, t);
	dp_expect_traffic(test, t);
}

struct dp_stopper {
	struct kcell_domain *dom;
	bool built;
	struct completion done;
};

static int dp_stopper_fn(void *data)
{
	struct dp_stopper *s = data;

	s->built = kcell_domain_stop(s->dom);
	complete(&s->done);
	return 0;
}

/*
 * Remove against a recovery in flight: the recovery has started and waits
 * for RTNL (the test holds it, as a configuration change would).  The
 * domain's stop, which remove calls before it unmaps the registers, must
 * not return until the recovery has ended; the recovery, finding the
 * domain stopped, leaves the interface to the owner's teardown (nothing
 * freed, stop says it is built); a fault after it starts nothing.
 */
static void dp_test_stop_waits_for_recovery(struct kunit *test)
{
	struct dp_stopper *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	struct dp_test *t = test->priv;
	struct kcell_e1000 *a = t->a;
	struct delayed_work *work = &a->domain.__kc_recover;
	struct kcell_domain_stats st;
	struct task_struct *task;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, s);
	rtnl_lock();
	dp_mark_running(t, true);
	kcell_domain_fault(&a->domain, KCELL_FAULT_STUCK);
	t->faults = 2;	/* this one, and the one after the stop */
	/* Until the recovery runs, blocked on RTNL. */
	for (i = 0; i < 250 && !(work_busy(&work->work) & WORK_BUSY_RUNNING);
	     i++)
		msleep(20);
	KUNIT_EXPECT_TRUE(test, work_busy(&work->work) & WORK_BUSY_RUNNING);

	s->dom = &a->domain;
	init_completion(&s->done);
	task = kthread_run(dp_stopper_fn, s, "kcell-e1000-stop");
	if (IS_ERR(task)) {
		rtnl_unlock();
		KUNIT_FAIL(test, "no stopper thread");
		return;
	}
	msleep(100);
	KUNIT_EXPECT_FALSE(test, completion_done(&s->done));
	rtnl_unlock();
	if (!wait_for_completion_timeout(&s->done, 5 * HZ)) {
		/* The stopper points into the adapter: wait it out. */
		KUNIT_FAIL(test, "the stop did not return");
		wait_for_completion(&s->done);
	}
	KUNIT_EXPECT_FALSE(test, work_busy(&work->work));
	KUNIT_EXPECT_TRUE(test, s->built);
	dp_domain_stats(t, &st);
	KUNIT_EXPECT_EQ(test, st.recoveries, 0);
	KUNIT_EXPECT_FALSE(test, test_bit(KCELL_E1000_TORN, &a->flags));
	KUNIT_EXPECT_EQ(test, a->rx.count, RING);
	KUNIT_EXPECT_FALSE(test, kcell_domain_fault(&a->domain,
						    KCELL_FAULT_STUCK));
	KUNIT_EXPECT_FALSE(test, delayed_work_pending(work));
}

/*
 * The recovery a fault queued, run to its end: a reset, the @recoveries-th
 * of the test and the @master_offs-th time bus mastering went off, after
 * which the interface is rebuilt and carries traffic.
 */
static void dp_expect_reset(struct kunit *test, struct dp_test *t,
			    u64 recoveries, unsigned int master_offs)
{
	struct kcell_domain_stats st;

	dp_recover(t);
	dp_domain_stats(t, &st);
	KUNIT_EXPECT_EQ(test, st.recoveries, recoveries);
	KUNIT_EXPECT_EQ(test, fake_hw.master_offs, master_offs);
	dp_expect_rebuilt(test, t);
	dp_expect_traffic(test, t);
}

/*
 * ndo_stop and ndo_open as the stack runs them, under RTNL, for the
 * interrupt the test never requested: down, the rings closed; the rings
 * built again, up.
 */
static void dp_close_open(struct kunit *test, struct dp_test *t)
{
	struct kcell_e1000 *a = t->a;

	dp_mark_running(t, false);
	kcell_e1000_down(a);
	kcell_e1000_rings_close(a, test_and_clear_bit(KCELL_E1000_TORN,
						      &a->flags));
	KUNIT_ASSERT_EQ(test, kcell_e1000_rings_alloc(a), 0);
	dp_mark_running(t, true);
	kcell_e1000_bus_master(a, true);
	kcell_e1000_up(a);
}

/*
 * ip link set down; ip link set up, while a fault's recovery waits for
 * RTNL: the fault was about rings the close freed (with bus mastering
 * off, as the recovery would; the open turns it on).  The recovery
 * resets nothing (bus mastering stays on, the rings the open built
 * stay), makes the domain live and wakes the queue, which the revoked
 * domain had stopped; a fault after it resets the interface as any
 * does.
 */
static void dp_test_stale_fault_after_reopen(struct kunit *test)
{
	struct dp_test *t = test->priv;
	struct kcell_e1000 *a = t->a;
	struct kcell_domain_stats st;
	struct kcell_e1000_tx_slot *tx_slots;
	struct kcell_e1000_rx_slot *rx_slots;
	unsigned long granted;

	dp_set_running(t, true);
	dp_xmit(test, t, 100);
	rtnl_lock();
	local_bh_disable();
	kcell_e1000_tx_timeout(t->netdev, 0);
	local_bh_enable();
	t->faults = 1;
	dp_close_open(test, t);
	KUNIT_EXPECT_TRUE(test, test_bit(KCELL_E1000_STALE, &a->flags));
	KUNIT_EXPECT_EQ(test, fake_hw.master_offs, 1U);
	KUNIT_EXPECT_FALSE(test, fake_hw.master_off);
	/* Revoked still: a packet sent now waits in the qdisc. */
	dp_expect_xmit_refused(test, t);
	tx_slots = a->tx.tx;
	rx_slots = a->rx.rx;
	granted = a->rx.granted;
	rtnl_unlock();
	dp_recover(t);

	dp_domain_stats(t, &st);
	KUNIT_EXPECT_EQ(test, st.faults[KCELL_FAULT_STUCK], 1);
	KUNIT_EXPECT_EQ(test, st.recoveries, 1);
	KUNIT_EXPECT_EQ(test, fake_hw.master_offs, 1U);
	KUNIT_EXPECT_PTR_EQ(test, a->tx.tx, tx_slots);
	KUNIT_EXPECT_PTR_EQ(test, a->rx.rx, rx_slots);
	KUNIT_EXPECT_EQ(test, a->rx.granted, granted);
	KUNIT_EXPECT_FALSE(test, test_bit(KCELL_E1000_STALE, &a->flags));
	KUNIT_EXPECT_TRUE(test, kcell_domain_is_live(&a->domain));
	KUNIT_EXPECT_FALSE(test, netif_queue_stopped(t->netdev));
	dp_expect_traffic(test, t);

	local_bh_disable();
	kcell_e1000_tx_timeout(t->netdev, 0);
	local_bh_enable();
	t->faults = 2;
	dp_expect_reset(test, t, 2, 2);
}

/*
 * The recovery's start on an interface that is up, NAPI enabled, when a
 * fault reported after the domain went live (or during the restart) has
 * run ->fault(): as after a reopen made the old fault stale.  The start
 * must leave it to the recovery that fault queued, not bring the
 * interface up a second time (napi_enable() on an enabled NAPI is a
 * BUG); that recovery then takes it down and rebuilds it.
 */
static void dp_test_start_after_new_fault(struct kunit *test)
{
	struct dp_test *t = test->priv;
	struct kcell_e1000 *a = t->a;

	dp_set_running(t, true);
	rtnl_lock();
	kcell_domain_fault(&a->domain, KCELL_FAULT_GARBAGE);
	t->faults = 1;
	KUNIT_EXPECT_TRUE(test, test_bit(KCELL_E1000_DOWN, &a->flags));
	kcell_e1000_domain_start(&a->domain);
	KUNIT_EXPECT_TRUE(test, test_bit(KCELL_E1000_DOWN, &a->flags));
	KUNIT_EXPECT_TRUE(test, netif_queue_stopped(t->netdev));
	KUNIT_EXPECT_EQ(test, fake_hw.master_offs, 0U);
	rtnl_unlock();
	dp_expect_reset(test, t, 1, 1);
}

/* CXE is a frame error; TCPE (a checksum the stack checks again) is not. */
static void dp_test_rx_error_bits(struct kunit *test)
{
	struct dp_test *t = test->priv;
	struct kcell_e1000 *a = t->a;

	dp_rx_frame(t, 0, 60, 60, BIT(4));	/* CXE */
	dp_poll(t);
	KUNIT_EXPECT_EQ(test, dp_stat(&a->rx_stats.frame_errors), 1);
	KUNIT_EXPECT_EQ(test, dp_stat(&a->rx_stats.packets), 0);
	dp_rx_frame(t, 1, 60, 60, BIT(5));	/* TCPE */
	dp_poll(t);
	KUNIT_EXPECT_EQ(test, dp_stat(&a->rx_stats.frame_errors), 1);
	KUNIT_EXPECT_EQ(test, dp_stat(&a->rx_stats.packets), 1);
	KUNIT_EXPECT_EQ(test, READ_ONCE(a->rx_skbs), 0);
}

/*
 * An MTU change through kcell_e1000_change_mtu() on a running interface
 * (up, as dp_init() leaves it): a receive ring of the buffers the MTU
 * needs, allocated first, then down, the swap, up.  The test's interface
 * was never opened: it is marked running (__LINK_STATE_START, what
 * netif_running() tests) for the call alone, under RTNL, which the
 * other readers of the bit that matter here (link watch) hold too.
 */
static void dp_set_mtu(struct kunit *test, struct dp_test *t, unsigned int mtu)
{
	int err;

	KUNIT_ASSERT_TRUE(test, t->up);
	rtnl_lock();
	set_bit(__LINK_STATE_START, &t->netdev->state);
	err = kcell_e1000_change_mtu(t->netdev, mtu);
	clear_bit(__LINK_STATE_START, &t->netdev->state);
	rtnl_unlock();
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_EXPECT_EQ(test, t->netdev->mtu, mtu);
}

/*
 * A VLAN-tagged frame of a 1501-byte MTU is a long one: LPE, with 2 KiB
 * buffers.  Never into buffers for standard frames, which a long one
 * would overrun.
 */
static void dp_test_lpe_above_1500(struct kunit *test)
{
	struct dp_test *t = test->priv;

	KUNIT_EXPECT_EQ(test, t->a->rx.buf_len, E1000_RX_STD_BUF_LEN);
	KUNIT_EXPECT_FALSE(test, fake_hw.regs[E1000_RCTL / 4] & E1000_RCTL_LPE);
	t->netdev->mtu = ETH_DATA_LEN + 1;
	kcell_e1000_configure_rx(t->a);
	KUNIT_EXPECT_FALSE(test, fake_hw.regs[E1000_RCTL / 4] & E1000_RCTL_LPE);
	dp_set_mtu(test, t, ETH_DATA_LEN + 1);
	KUNIT_EXPECT_EQ(test, t->a->rx.buf_len, E1000_RX_BUF_LEN);
	KUNIT_EXPECT_TRUE(test, fake_hw.regs[E1000_RCTL / 4] & E1000_RCTL_LPE);
	dp_set_mtu(test, t, ETH_DATA_LEN);
	KUNIT_EXPECT_EQ(test, t->a->rx.buf_len, E1000_RX_STD_BUF_LEN);
	KUNIT_EXPECT_FALSE(test, fake_hw.regs[E1000_RCTL / 4] & E1000_RCTL_LPE);
}

/* A TSO packet goes out as gso_segs frames, each with the headers. */
static void dp_test_tso_counted_per_segment(struct kunit *test)
{
	struct dp_test *t = test->priv;
	struct kcell_e1000 *a = t->a;
	unsigned int hdr = ETH_HLEN + sizeof(struct iphdr) +
			   sizeof(struct tcphdr), len = hdr + 3000;
	struct sk_buff *skb = netdev_alloc_skb(t->netdev, len);
	struct iphdr *iph;
	struct tcphdr *th;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	memset(skb_put(skb, len), 0, len);
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	skb_set_transport_header(skb, ETH_HLEN + sizeof(*iph));
	skb->protocol = htons(ETH_P_IP);
	iph = ip_hdr(skb);
	iph->version = 4;
	iph->ihl = 5;
	iph->protocol = IPPROTO_TCP;
	iph->saddr = htonl(0xc0000201);		/* 192.0.2.1 */
	iph->daddr = htonl(0xc0000202);
	th = tcp_hdr(skb);
	th->doff = 5;
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb_shinfo(skb)->gso_size = 1000;
	skb_shinfo(skb)->gso_segs = 3;
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;

	dp_xmit_skb(test, t, skb);
	dp_tx_all_done(t);
	dp_poll(t);
	KUNIT_EXPECT_EQ(test, dp_stat(&a->tx_stats.packets), 3);
	KUNIT_EXPECT_EQ(test, dp_stat(&a->tx_stats.bytes),
			len + 2 * hdr);
}

/*
 * The device's lengths are not trusted: one beyond the buffer is dropped
 * and is a fault of the domain, which ends the poll (on an interface not
 * running, the recovery finds nothing to rebuild), a zero one is a runt;
 * neither leaves an skb or a buffer behind, and the frame after them goes
 * up.
 */
static void dp_test_rx_bad_lengths(struct kunit *test)
{
	struct dp_test *t = test->priv;
	struct kcell_e1000 *a = t->a;

	dp_rx_frame(t, 0, 60, 0xffff, 0);
	dp_rx_frame(t, 1, 60, 0, 0);
	dp_rx_frame(t, 2, 60, 60, 0);
	dp_poll(t);
	/* The fault ended that poll: the next one takes the other two. */
	KUNIT_EXPECT_EQ(test, dp_stat(&a->rx_stats.length_errors), 1);
	dp_recover(t);
	dp_poll(t);
	KUNIT_EXPECT_EQ(test, dp_stat(&a->rx_stats.length_errors), 2);
	KUNIT_EXPECT_EQ(test, dp_stat(&a->rx_stats.packets), 1);
	KUNIT_EXPECT_EQ(test, READ_ONCE(a->rx_skbs), 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(a->rx.granted), (unsigned long)RING);
	KUNIT_EXPECT_EQ(test,
			__domain(&a->domain, stats).faults[KCELL_FAULT_GARBAGE],
			1);
	t->faults = 1;
}

/*
 * DD on descriptors never posted completes nothing, and is a fault (on an
 * interface not running, the recovery finds nothing to rebuild).
 */
static void dp_test_tx_done_never_posted(struct kunit *test)
{
	struct dp_test *t = test->priv;
	struct kcell_e1000 *a = t->a;
	unsigned int i;

	dp_xmit(test, t, 100);
	for (i = 0; i < RING; i++)
		WRITE_ONCE(dp_tx_desc(a, i)->status, E1000_TXD_STAT_DD);
	dp_poll(t);
	KUNIT_EXPECT_EQ(test, dp_stat(&a->tx_stats.packets), 1);
	KUNIT_EXPECT_EQ(test, a->tx.next_to_clean, a->tx.next_to_use);
	dp_recover(t);
	KUNIT_EXPECT_EQ(test,
			__domain(&a->domain, stats).faults[KCELL_FAULT_UNPOSTED],
			1);
	/* Not running: nothing rebuilt, the stale DDs stay, and fault again. */
	dp_poll(t);
	t->faults = 2;
	KUNIT_EXPECT_EQ(test, dp_stat(&a->tx_stats.packets), 1);
	KUNIT_EXPECT_EQ(test, kcell_e1000_ring_leases(&a->tx), 0);
}

/*
 * Byte @n of a frame dp_rx_bytes() writes: broadcast, then a count modulo
 * a prime, so that the bytes of one buffer (2 KiB) differ from those at
 * the same place of another and bytes out of order show.
 */
static u8 dp_byte(unsigned int n)
{
	return n < ETH_ALEN ? 0xff : n % 251;
}

/*
 * The device receives a frame of @len bytes into descriptors @i on,
 * E1000_RX_BUF_LEN at a time, the last one EOP: its buffers @from to
 * @stop, not included (UINT_MAX: to the end); byte n of the frame is
 * dp_byte(n).  Return: the descriptor after the last one written.
 */
static unsigned int dp_rx_bytes(struct dp_test *t, unsigned int i,
				unsigned int len, unsigned int from,
				unsigned int stop)
{
	unsigned int off = from * E1000_RX_BUF_LEN, n = from;

	while (off < len && n < stop) {
		unsigned int part = min_t(unsigned int, len - off,
					  E1000_RX_BUF_LEN), k;
		struct e1000_rx_desc *d = dp_rx_desc(t->a, (i + n) % RING);
		u8 *buf = kcell_fake_dev_desc_ptr(d->addr);

		for (k = 0; k < part; k++)
			buf[k] = dp_byte(off + k);
		d->length = cpu_to_le16(part);
		d->errors = 0;
		dma_wmb();
		WRITE_ONCE(d->status, E1000_RXD_STAT_DD |
			   (off + part == len ? E1000_RXD_STAT_EOP : 0));
		off += part;
		n++;
	}
	return (i + n) % RING;
}

/* The buffer descriptor @i gives the device now. */
static void *dp_rx_buf(struct dp_test *t, unsigned int i)
{
	return kcell_fake_dev_desc_ptr(dp_rx_desc(t->a, i)->addr);
}

/* Whether the stack's last frame starts in receive buffer @buf itself. */
static bool dp_seen_in(const void *buf)
{
	return dp_seen.head == (const u8 *)buf - KCELL_E1000_RX_HEADROOM;
}

/* The stack got one more frame, @len bytes long, as dp_rx_bytes() made it. */
static void dp_expect_seen(struct kunit *test, unsigned int frames,
			   unsigned int len)
{
	unsigned int k, bad = 0;

	KUNIT_EXPECT_EQ(test, dp_seen.frames, frames);
	KUNIT_ASSERT_EQ(test, dp_seen.len, len - ETH_HLEN);
	for (k = 0; k < dp_seen.len; k++)
		bad += dp_seen.data[k] != dp_byte(ETH_HLEN + k);
	KUNIT_EXPECT_EQ(test, bad, 0);
}

/* A ring at rest: every buffer mapped and the device's, no skb held. */
static void dp_expect_ring_full(struct kunit *test, struct kcell_e1000 *a)
{
	KUNIT_EXPECT_EQ(test, READ_ONCE(a->rx.granted), (unsigned long)RING);
	KUNIT_EXPECT_EQ(test, kcell_e1000_ring_leases(&a->rx),
			(unsigned long)RING);
	KUNIT_EXPECT_FALSE(test, dma_lease_is_mapped(&a->rx.spare));
	KUNIT_EXPECT_EQ(test, READ_ONCE(a->rx_skbs), 0);
}

/*
 * The truesize of an skb of @bufs receive buffers of 2 KiB, all zero-copy:
 * napi_build_skb() counts the head's whole page fragment and the sk_buff,
 * and each fragment counts its whole page fragment too, not the bytes in
 * it, as the memory the socket holds is the buffer's.
 */
static unsigned int dp_truesize(unsigned int bufs)
{
	return SKB_DATA_ALIGN(sizeof(struct sk_buff)) +
	       bufs * KCELL_E1000_RX_TRUESIZE(E1000_RX_BUF_LEN);
}

/*
 * The device writes @len bytes of 0xff into the buffer of descriptor @i,
 * EOP or not: a frame's buffers one by one, with lengths no real frame
 * has.
 */
static void dp_rx_raw(struct dp_test *t, unsigned int i, unsigned int len,
		      bool eop)
{
	struct e1000_rx_desc *d = dp_rx_desc(t->a, i);

	memset(kcell_fake_dev_desc_ptr(d->addr), 0xff, len);
	d->length = cpu_to_le16(len);
	d->errors = 0;
	dma_wmb();
	WRITE_ONCE(d->status, E1000_RXD_STAT_DD |
		   (eop ? E1000_RXD_STAT_EOP : 0));
}

/* Every buffer of the receive ring is @len bytes long, mapped as such. */
static void dp_expect_buf_len(struct kunit *test, struct kcell_e1000 *a,
			      unsigned int len)
{
	unsigned int i, bad = 0;

	KUNIT_EXPECT_EQ(test, a->rx.buf_len, len);
	for (i = 0; i < a->rx.count; i++)
		bad += dma_lease_len(&a->rx.rx[i].buf) != len;
	KUNIT_EXPECT_EQ(test, bad, 0);
}

/*
 * A full-size frame goes up in the buffer the device wrote (the skb's head
 * is that buffer's page fragment) and the descriptor gets a fresh buffer;
 * a frame under the copybreak is copied and its buffer stays.
 */
static void dp_test_rx_zero_copy(struct kunit *test)
{
	struct dp_test *t = test->priv;
	struct kcell_e1000 *a = t->a;
	void *old0 = dp_rx_buf(t, 0), *old1 = dp_rx_buf(t, 1);

	dp_rx_bytes(t, 0, 1514, 0, UINT_MAX);
	dp_poll(t);
	dp_expect_seen(test, 1, 1514);
	KUNIT_EXPECT_TRUE(test, dp_seen_in(old0));
	KUNIT_EXPECT_EQ(test, dp_seen.nr_frags, 0);
	KUNIT_EXPECT_PTR_NE(test, dp_rx_buf(t, 0), old0);

	dp_rx_bytes(t, 1, KCELL_E1000_COPYBREAK, 0, UINT_MAX);
	dp_poll(t);
	dp_expect_seen(test, 2, KCELL_E1000_COPYBREAK);
	KUNIT_EXPECT_FALSE(test, dp_seen_in(old1));
	KUNIT_EXPECT_PTR_EQ(test, dp_rx_buf(t, 1), old1);

	KUNIT_EXPECT_EQ(test, dp_stat(&a->rx_stats.packets), 2);
	KUNIT_EXPECT_EQ(test, dp_stat(&a->rx_stats.map_errors), 0);
	dp_expect_ring_full(test, a);
}

/*
 * A poll while no fresh buffer can be mapped: a DMA mask no memory fits,
 * as kcell_dma_lease_kunit.c injects a mapping failure.
 */
static void dp_poll_unmappable(struct dp_test *t)
{
	u64 mask = *t->dev->dma_mask;

	*t->dev->dma_mask = DMA_BIT_MASK(12);
	dp_poll(t);
	*t->dev->dma_mask = mask;
}

/*
 * No fresh buffer can be mapped (a DMA mask no memory fits): the frame is
 * copied, whole, and its buffer goes back to the device; no slot is lost.
 * Once mappings work again, so does zero-copy.
 */
static void dp_test_rx_map_failure_copies(struct kunit *test)
{
	struct dp_test *t = test->priv;
	struct kcell_e1000 *a = t->a;
	void *old0 = dp_rx_buf(t, 0), *old1 = dp_rx_buf(t, 1);

	dp_rx_bytes(t, 0, 1500, 0, UINT_MAX);
	dp_poll_unmappable(t);
	dp_expect_seen(test, 1, 1500);
	KUNIT_EXPECT_FALSE(test, dp_seen_in(old0));
	KUNIT_EXPECT_PTR_EQ(test, dp_rx_buf(t, 0), old0);
	KUNIT_EXPECT_EQ(test, dp_stat(&a->rx_stats.map_errors), 1);
	dp_expect_ring_full(test, a);

	dp_rx_bytes(t, 1, 1500, 0, UINT_MAX);
	dp_poll(t);
	dp_expect_seen(test, 2, 1500);
	KUNIT_EXPECT_TRUE(test, dp_seen_in(old1));
	KUNIT_EXPECT_PTR_NE(test, dp_rx_buf(t, 1), old1);
	KUNIT_EXPECT_EQ(test, dp_stat(&a->rx_stats.map_errors), 1);
	KUNIT_EXPECT_EQ(test, dp_stat(&a->rx_stats.packets), 2);
	dp_expect_ring_full(test, a);
}

/* MTU 9000: 2 KiB buffers, several to a frame. */
static void dp_jumbo(struct kunit *test, struct dp_test *t)
{
	dp_set_mtu(test, t, 9000);
}

/*
 * A jumbo frame over three buffers: the first is the skb's head, the other
 * two its fragments, all three replaced in the ring.  Then one whose last
 * buffer arrives when no fresh buffer can be mapped (the first two were
 * taken by an earlier poll): that one is copied into a fragment of its
 * own and stays in the ring.
 */
static void dp_test_rx_jumbo(struct kunit *test)
{
	struct dp_test *t = test->priv;
	struct kcell_e1000 *a = t->a;
	void *old[6];
	unsigned int i;

	dp_jumbo(test, t);
	for (i = 0; i < 6; i++)
		old[i] = dp_rx_buf(t, i);
	dp_rx_bytes(t, 0, 5000, 0, UINT_MAX);
	dp_poll(t);
	dp_expect_seen(test, 1, 5000);
	KUNIT_EXPECT_TRUE(test, dp_seen_in(old[0]));
	KUNIT_EXPECT_EQ(test, dp_seen.nr_frags, 2);
	KUNIT_EXPECT_EQ(test, dp_seen.truesize, dp_truesize(3));
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_PTR_NE(test, dp_rx_buf(t, i), old[i]);

	dp_rx_bytes(t, 3, 5000, 0, 2);
	dp_poll(t);
	KUNIT_EXPECT_EQ(test, dp_seen.frames, 1);
	KUNIT_EXPECT_EQ(test, READ_ONCE(a->rx_skbs), 1);
	dp_rx_bytes(t, 3, 5000, 2, UINT_MAX);
	dp_poll_unmappable(t);
	dp_expect_seen(test, 2, 5000);
	KUNIT_EXPECT_TRUE(test, dp_seen_in(old[3]));
	KUNIT_EXPECT_EQ(test, dp_seen.nr_frags, 2);
	/* The copied fragment counts what it took (napi_alloc_frag()). */
	KUNIT_EXPECT_EQ(test, dp_seen.truesize,
			dp_truesize(2) +
			SKB_DATA_ALIGN(5000 - 2 * E1000_RX_BUF_LEN));
	KUNIT_EXPECT_PTR_NE(test, dp_rx_buf(t, 3), old[3]);
	KUNIT_EXPECT_PTR_NE(test, dp_rx_buf(t, 4), old[4]);
	KUNIT_EXPECT_PTR_EQ(test, dp_rx_buf(t, 5), old[5]);
	KUNIT_EXPECT_EQ(test, dp_stat(&a->rx_stats.map_errors), 1);
	KUNIT_EXPECT_EQ(test, dp_stat(&a->rx_stats.bytes), 10000);
	dp_expect_ring_full(test, a);
}

/*
 * A jumbo frame when no fresh buffer can be mapped at all: the first
 * buffer is copied into an skb with room for the largest frame, the rest
 * behind it, in one piece; every buffer stays in the ring.
 */
static void dp_test_rx_jumbo_copied(struct kunit *test)
{
	struct dp_test *t = test->priv;
	struct kcell_e1000 *a = t->a;
	void *old[3];
	unsigned int i;

	dp_jumbo(test, t);
	for (i = 0; i < 3; i++)
		old[i] = dp_rx_buf(t, i);
	dp_rx_bytes(t, 0, 5000, 0, UINT_MAX);
	dp_poll_unmappable(t);
	dp_expect_seen(test, 1, 5000);
	KUNIT_EXPECT_FALSE(test, dp_seen_in(old[0]));
	KUNIT_EXPECT_EQ(test, dp_seen.nr_frags, 0);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_PTR_EQ(test, dp_rx_buf(t, i), old[i]);
	KUNIT_EXPECT_EQ(test, dp_stat(&a->rx_stats.map_errors), 1);
	dp_expect_ring_full(test, a);
}

/*
 * A device that splits a frame into more buffers than an skb has
 * fragments (a full first buffer, then a cache line in each of the others,
 * more than the alignment leaves behind the head: well under the MTU):
 * the frame is dropped as a length error, not written past the fragment
 * array.
 */
static void dp_test_rx_too_many_buffers(struct kunit *test)
{
	struct dp_test *t = test->priv;
	struct kcell_e1000 *a = t->a;
	unsigned int i;

	dp_jumbo(test, t);
	for (i = 0; i < MAX_SKB_FRAGS + 2; i++) {
		unsigned int len = i ? SMP_CACHE_BYTES : E1000_RX_BUF_LEN;
		struct e1000_rx_desc *d = dp_rx_desc(a, i);
		u8 *buf = kcell_fake_dev_desc_ptr(d->addr);

		memset(buf, 0xff, len);
		d->length = cpu_to_le16(len);
		d->errors = 0;
		dma_wmb();
		WRITE_ONCE(d->status, E1000_RXD_STAT_DD |
			   (i == MAX_SKB_FRAGS + 1 ? E1000_RXD_STAT_EOP : 0));
	}
	dp_poll(t);
	KUNIT_EXPECT_EQ(test, dp_stat(&a->rx_stats.length_errors), 1);
	KUNIT_EXPECT_EQ(test, dp_stat(&a->rx_stats.packets), 0);
	KUNIT_EXPECT_EQ(test, dp_seen.frames, 0);
	KUNIT_EXPECT_FALSE(test, a->rx_discard);
	dp_expect_ring_full(test, a);
}

/*
 * A jumbo frame whose last buffer is short enough to fit in the tailroom a
 * full first buffer leaves behind the head (62 bytes under UML, where
 * NET_IP_ALIGN is 2): it goes up in a fragment after the other one, not
 * behind the head ahead of it.  Every buffer is zero-copy, and the skb's
 * truesize counts three whole buffers.
 */
static void dp_test_rx_jumbo_short_tail(struct kunit *test)
{
	struct dp_test *t = test->priv;
	const unsigned int len = 2 * E1000_RX_BUF_LEN + 20;
	struct kcell_e1000 *a = t->a;
	void *old0;

	dp_jumbo(test, t);
	old0 = dp_rx_buf(t, 0);
	dp_rx_bytes(t, 0, len, 0, UINT_MAX);
	dp_poll(t);
	dp_expect_seen(test, 1, len);
	KUNIT_EXPECT_TRUE(test, dp_seen_in(old0));
	KUNIT_EXPECT_EQ(test, dp_seen.nr_frags, 2);
	KUNIT_EXPECT_EQ(test, dp_seen.truesize, dp_truesize(3));
	KUNIT_EXPECT_EQ(test, dp_stat(&a->rx_stats.map_errors), 0);
	dp_expect_ring_full(test, a);
}

/*
 * A first buffer shorter than an Ethernet header, not EOP, then a full
 * one with EOP (MTU 9000): a length error, the frame dropped to its end,
 * its buffers back in the ring.  Taken zero-copy, that 4-byte head would
 * be shorter than the header eth_type_trans() pulls from it, a BUG()
 * where the next buffer does not fit behind it (x86-64, without
 * NET_IP_ALIGN); under UML it fits and the frame went up, so the
 * counters tell.  The next frame arrives whole.
 */
static void dp_test_rx_short_first_buffer(struct kunit *test)
{
	struct dp_test *t = test->priv;
	struct kcell_e1000 *a = t->a;
	u64 errors;

	dp_jumbo(test, t);
	errors = dp_stat(&a->rx_stats.length_errors);
	dp_rx_raw(t, 0, 4, false);
	dp_rx_raw(t, 1, E1000_RX_BUF_LEN, true);
	dp_poll(t);
	KUNIT_EXPECT_EQ(test, dp_stat(&a->rx_stats.length_errors), errors + 1);
	KUNIT_EXPECT_EQ(test, dp_stat(&a->rx_stats.packets), 0);
	KUNIT_EXPECT_EQ(test, dp_seen.frames, 0);
	KUNIT_EXPECT_FALSE(test, a->rx_discard);
	dp_expect_ring_full(test, a);

	dp_rx_bytes(t, 2, 3000, 0, UINT_MAX);
	dp_poll(t);
	dp_expect_seen(test, 1, 3000);
	KUNIT_EXPECT_EQ(test, dp_stat(&a->rx_stats.length_errors), errors + 1);
	dp_expect_ring_full(test, a);
}

/*
 * kcell_e1000_change_mtu() on a running interface across 1500: the
 * receive ring it swaps in has buffers of the length the new MTU needs,
 * every one of them mapped that long, long packets enabled with them; a
 * jumbo frame then arrives whole.  Back at 1500, standard buffers again.
 */
static void dp_test_change_mtu_buffers(struct kunit *test)
{
	struct dp_test *t = test->priv;
	struct kcell_e1000 *a = t->a;

	dp_expect_buf_len(test, a, E1000_RX_STD_BUF_LEN);
	dp_set_mtu(test, t, 9000);
	dp_expect_buf_len(test, a, E1000_RX_BUF_LEN);
	KUNIT_EXPECT_TRUE(test, fake_hw.regs[E1000_RCTL / 4] & E1000_RCTL_LPE);
	dp_expect_ring_full(test, a);
	dp_rx_bytes(t, 0, 9000 + ETH_HLEN, 0, UINT_MAX);
	dp_poll(t);
	dp_expect_seen(test, 1, 9000 + ETH_HLEN);

	dp_set_mtu(test, t, ETH_DATA_LEN);
	dp_expect_buf_len(test, a, E1000_RX_STD_BUF_LEN);
	KUNIT_EXPECT_FALSE(test,
			   fake_hw.regs[E1000_RCTL / 4] & E1000_RCTL_LPE);
	dp_expect_ring_full(test, a);
	dp_rx_bytes(t, 0, ETH_FRAME_LEN, 0, UINT_MAX);
	dp_poll(t);
	dp_expect_seen(test, 2, ETH_FRAME_LEN);
}

static struct kunit_case e1000_datapath_cases[] = {
	KUNIT_CASE(dp_test_no_wake_inside_down),
	KUNIT_CASE(dp_test_up_wakes_queue),
	KUNIT_CASE(dp_test_no_link_work_when_down),
	KUNIT_CASE(dp_test_works_after_revoke),
	KUNIT_CASE(dp_test_timeout_recovers),
	KUNIT_CASE(dp_test_garbage_recovers),
	KUNIT_CASE(dp_test_map_storm_recovers),
	KUNIT_CASE(dp_test_torn_until_rebuilt),
	KUNIT_CASE(dp_test_stop_waits_for_recovery),
	KUNIT_CASE(dp_test_stale_fault_after_reopen),
	KUNIT_CASE(dp_test_start_after_new_fault),
	KUNIT_CASE(dp_test_rx_error_bits),
	KUNIT_CASE(dp_test_lpe_above_1500),
	KUNIT_CASE(dp_test_tso_counted_per_segment),
	KUNIT_CASE(dp_test_rx_bad_lengths),
	KUNIT_CASE(dp_test_tx_done_never_posted),
	KUNIT_CASE(dp_test_rx_zero_copy),
	KUNIT_CASE(dp_test_rx_map_failure_copies),
	KUNIT_CASE(dp_test_rx_jumbo),
	KUNIT_CASE(dp_test_rx_jumbo_copied),
	KUNIT_CASE(dp_test_rx_too_many_buffers),
	KUNIT_CASE(dp_test_rx_jumbo_short_tail),
	KUNIT_CASE(dp_test_rx_short_first_buffer),
	KUNIT_CASE(dp_test_change_mtu_buffers),
	{}
};

static struct kunit_suite e1000_datapath_suite = {
	.name = "kcell_e1000_datapath",
	.init = dp_init,
	.exit = dp_exit,
	.test_cases = e1000_datapath_cases,
};

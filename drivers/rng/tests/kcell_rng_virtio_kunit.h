/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit suite for kcell_rng's hardware layer (drivers/rng/kcell_rng_virtio.c)
 * against a fake virtio-rng device.  Included once, at the end of
 * kcell_rng_kunit.c: the driver's layers are compiled into that one
 * translation unit.
 *
 * The fake is a virtio transport (struct virtio_config_ops) whose
 * virtqueue is the kernel's own split ring, made by
 * vring_create_virtqueue(), so the driver's calls into the virtio API are
 * the real ones.  The test plays the device: it reads the buffers the
 * driver made available from the ring, fills them with the next bytes of
 * a counting sequence, writes used entries back with the id and length it
 * chooses, and raises the "interrupt" with vring_interrupt(), at the
 * moments a test chooses.  The driver's probe, remove, freeze and restore
 * are called as the virtio core calls them, without the bus, so that
 * neither /dev/kcell_rng nor the hw_random core (whose fill thread would
 * read the device in the test's place) is registered.
 *
 * What each test forces, and what a wrong driver does there:
 * - a used length beyond the buffer: delivered as is, the layers above
 *   read past the buffer (KASAN) and count bytes the device never wrote;
 *   a used length of 0: asked again from the interrupt, forever;
 * - a callback with nothing used, a ring the virtio core found broken (a
 *   used id the driver never made available): a delivery of nothing, or
 *   of a buffer that is not the driver's;
 * - a reader's request arriving while a completion delivers (its own
 *   request just ended, the buffer not yet back in its cell): refused as
 *   "in flight" with nothing in flight, and the reader waits forever;
 * - removal with the buffer in the device (used or not) and a reader
 *   blocked on it: the buffer lost (held_buffers stays up), the reader
 *   never woken;
 * - freeze with the buffer in the device, filled or not, a reader blocked
 *   across it, and a request made while frozen: after restore the request
 *   in flight hangs forever, or delivers bytes the device wrote before the
 *   reset;
 * - a device that refuses the buffer at restore, or whose virtqueue cannot
 *   be made again: the request never ends, or the next removal or freeze
 *   uses the deleted virtqueue;
 * - a transport that cannot make the virtqueue at probe: what probe
 *   allocated stays allocated.
 * The fake also fails a test in which the driver kicks the device before
 * DRIVER_OK or after a reset.
 */

#define FAKE_VQ_NUM	4

struct fake_vdev {
	struct virtio_device vdev;
	struct virtqueue *vq;		/* the one virtqueue, while it exists */
	u8 status;
	u16 last_avail;			/* next available entry to read */
	u16 used_idx;			/* next used entry to write */
	int kicks;
	int early_kicks;		/* kicks before DRIVER_OK */
	int resets;
	int syncs;			/* callbacks synchronised after a reset */
	int find_vqs_error;		/* returned by the next find_vqs */
	bool break_at_ready;		/* refuse buffers after DRIVER_OK */
	u8 next;			/* next byte of the sequence */
};

static struct fake_vdev *to_fake(struct virtio_device *vdev)
{
	return container_of(vdev, struct fake_vdev, vdev);
}

static bool fake_vq_notify(struct virtqueue *vq)
{
	struct fake_vdev *f = to_fake(vq->vdev);

	f->kicks++;
	if (!(f->status & VIRTIO_CONFIG_S_DRIVER_OK))
		f->early_kicks++;
	return true;
}

static struct virtqueue *fake_vq_create(struct virtio_device *vdev,
					vq_callback_t *callback,
					const char *name)
{
	struct fake_vdev *f = to_fake(vdev);

	if (f->find_vqs_error) {
		int err = f->find_vqs_error;

		f->find_vqs_error = 0;
		return ERR_PTR(err);
	}
	f->last_avail = 0;
	f->used_idx = 0;
	f->vq = vring_create_virtqueue(0, FAKE_VQ_NUM, SMP_CACHE_BYTES, vdev,
				       true, false, false, fake_vq_notify,
				       callback, name);
	return f->vq ?: ERR_PTR(-ENOMEM);
}

/* 6.11 passed each queue's callback and name in a struct (kunit/Makefile). */
#ifdef KCELL_HAVE_VIRTQUEUE_INFO
static int fake_find_vqs(struct virtio_device *vdev, unsigned int nvqs,
			 struct virtqueue *vqs[],
			 struct virtqueue_info vqs_info[],
			 struct irq_affinity *desc)
{
	if (nvqs != 1)
		return -EINVAL;
	vqs[0] = fake_vq_create(vdev, vqs_info[0].callback, vqs_info[0].name);
	return PTR_ERR_OR_ZERO(vqs[0]);
}
#else
static int fake_find_vqs(struct virtio_device *vdev, unsigned int nvqs,
			 struct virtqueue *vqs[], vq_callback_t *callbacks[],
			 const char * const names[], const bool *ctx,
			 struct irq_affinity *desc)
{
	if (nvqs != 1)
		return -EINVAL;
	vqs[0] = fake_vq_create(vdev, callbacks[0], names[0]);
	return PTR_ERR_OR_ZERO(vqs[0]);
}
#endif

static void fake_del_vqs(struct virtio_device *vdev)
{
	struct virtqueue *vq, *n;

	list_for_each_entry_safe(vq, n, &vdev->vqs, list)
		vring_del_virtqueue(vq);
	to_fake(vdev)->vq = NULL;
}

static u8 fake_get_status(struct virtio_device *vdev)
{
	return to_fake(vdev)->status;
}

static void fake_set_status(struct virtio_device *vdev, u8 status)
{
	struct fake_vdev *f = to_fake(vdev);

	f->status = status;
	if ((status & VIRTIO_CONFIG_S_DRIVER_OK) && f->break_at_ready)
		virtio_break_device(vdev);
}

static void fake_reset(struct virtio_device *vdev)
{
	to_fake(vdev)->status = 0;
	to_fake(vdev)->resets++;
}

static void fake_synchronize_cbs(struct virtio_device *vdev)
{
	struct fake_vdev *f = to_fake(vdev);

	/* Only a reset makes waiting for a callback meaningful. */
	if (!f->status && f->vq)
		f->syncs++;
}

static u64 fake_get_features(struct virtio_device *vdev)
{
	return 0;
}

static int fake_finalize_features(struct virtio_device *vdev)
{
	return 0;
}

static const struct virtio_config_ops fake_virtio_ops = {
	.get_status = fake_get_status,
	.set_status = fake_set_status,
	.reset = fake_reset,
	.synchronize_cbs = fake_synchronize_cbs,
	.find_vqs = fake_find_vqs,
	.del_vqs = fake_del_vqs,
	.get_features = fake_get_features,
	.finalize_features = fake_finalize_features,
};

/* A device as the virtio core hands it to probe (features negotiated). */
static struct fake_vdev *fake_vdev_new(struct kunit *test)
{
	struct fake_vdev *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	f->vdev.dev.init_name = "kcell-rng-fake";
	f->vdev.id.device = VIRTIO_ID_RNG;
	f->vdev.config = &fake_virtio_ops;
	INIT_LIST_HEAD(&f->vdev.vqs);
	spin_lock_init(&f->vdev.vqs_list_lock);
	kcell_test_reports_take();
	return f;
}

static struct kcell_rng_virtio *fake_probe(struct kunit *test,
					   struct fake_vdev *f)
{
	KUNIT_ASSERT_EQ(test, virtio_rng_probe(&f->vdev), 0);
	KUNIT_EXPECT_TRUE(test, f->status & VIRTIO_CONFIG_S_DRIVER_OK);
	KUNIT_EXPECT_EQ(test, atomic_read(&buf_held), 1);
	return f->vdev.priv;
}

/* Unbinds the driver, which must have kicked only a live device. */
static void fake_remove(struct kunit *test, struct fake_vdev *f)
{
	struct kcell_rng_virtio *vr = f->vdev.priv;
	int syncs = f->syncs;

	/* No delivery left half done. */
	KUNIT_EXPECT_FALSE(test, vr->delivering || vr->rerequest);
	virtio_rng_remove(&f->vdev);
	/* The device was stopped, then its callbacks waited for. */
	KUNIT_EXPECT_EQ(test, f->syncs, syncs + 1);
	KUNIT_EXPECT_NULL(test, f->vq);
	KUNIT_EXPECT_EQ(test, f->early_kicks, 0);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

/*
 * The device takes the next buffer the driver made available: its
 * descriptor's head and length, and where the device writes.  False if
 * there is none.
 */
static bool fake_vq_take(struct fake_vdev *f, u16 *head, u8 **data, u32 *len)
{
	struct virtio_device *vdev = &f->vdev;
	const struct vring *vring;
	struct vring_desc *desc;

	if (!f->vq)
		return false;
	vring = virtqueue_get_vring(f->vq);
	if (virtio16_to_cpu(vdev, READ_ONCE(vring->avail->idx)) ==
	    f->last_avail)
		return false;
	/* The entry is read after the index that published it. */
	virt_rmb();
	*head = virtio16_to_cpu(vdev,
				vring->avail->ring[f->last_avail % vring->num]);
	f->last_avail++;
	desc = &vring->desc[*head];
	/* One buffer the device writes: the driver's whole request. */
	if (WARN_ON(desc->flags != cpu_to_virtio16(vdev, VRING_DESC_F_WRITE)))
		return false;
	*data = phys_to_virt(virtio64_to_cpu(vdev, desc->addr));
	*len = virtio32_to_cpu(vdev, desc->len);
	return true;
}

/* The device writes a used entry: @id as the head, @len bytes written. */
static void fake_vq_use(struct fake_vdev *f, u32 id, u32 len)
{
	struct virtio_device *vdev = &f->vdev;
	const struct vring *vring = virtqueue_get_vring(f->vq);
	struct vring_used_elem *used;

	used = &vring->used->ring[f->used_idx % vring->num];
	used->id = cpu_to_virtio32(vdev, id);
	used->len = cpu_to_virtio32(vdev, len);
	/* The entry is written before the index that publishes it. */
	virt_wmb();
	f->used_idx++;
	WRITE_ONCE(vring->used->idx, cpu_to_virtio16(vdev, f->used_idx));
}

/* The device's interrupt: whether the virtqueue had used buffers. */
static irqreturn_t fake_vq_interrupt(struct fake_vdev *f)
{
	unsigned long flags;
	irqreturn_t ret;

	local_irq_save(flags);
	ret = vring_interrupt(0, f->vq);
	local_irq_restore(flags);
	return ret;
}

#define FAKE_FULL	U32_MAX

/*
 * The device fills the next available buffer with the sequence and
 * reports @used_len written; FAKE_FULL for the buffer's own length.
 * Return: the bytes it filled, or 0 if no buffer was available.
 */
static u32 fake_vq_fill(struct fake_vdev *f, u32 used_len)
{
	u32 len, i;
	u16 head;
	u8 *data;

	if (!fake_vq_take(f, &head, &data, &len))
		return 0;
	for (i = 0; i < len; i++)
		data[i] = f->next++;
	fake_vq_use(f, head, used_len == FAKE_FULL ? len : used_len);
	return len;
}

/* Buffers available to the device and not yet taken. */
static unsigned int fake_vq_avail(struct fake_vdev *f)
{
	const struct vring *vring;

	if (!f->vq)
		return 0;
	vring = virtqueue_get_vring(f->vq);
	return (u16)(virtio16_to_cpu(&f->vdev, READ_ONCE(vring->avail->idx)) -
		     f->last_avail);
}

/*
 * Fills the pool with zeroes until a delivery of a whole buffer no longer
 * fits: the next delivery ends the request in flight.
 */
static void fake_pool_fill(struct kunit *test, struct kcell_rng_virtio *vr)
{
	secret_byte *fill = secret_alloc(KCELL_RNG_POOL, GFP_KERNEL);
	unsigned long flags;
	unsigned int n;

	/* Not KUNIT_ASSERT_NOT_NULL(): NULL is plain memory to sparse. */
	KUNIT_ASSERT_FALSE(test, !fill);
	secret_wipe(fill, KCELL_RNG_POOL);
	spin_lock_irqsave(&vr->chr->pool_lock, flags);
	n = pool_in(&vr->chr->pool, fill, KCELL_RNG_POOL - 100);
	spin_unlock_irqrestore(&vr->chr->pool_lock, flags);
	secret_free(fill);
	KUNIT_EXPECT_EQ(test, n, KCELL_RNG_POOL - 100);
}

/* Reads what the pool holds (up to @len) and checks it is @first, @first+1... */
static ssize_t pull_expect_seq(struct kunit *test,
			       struct kcell_rng_virtio *vr, size_t len,
			       u8 first)
{
	u8 *buf = kunit_kzalloc(test, len, GFP_KERNEL);
	ssize_t n, i;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	n = kcell_rng_chr_pull(vr->chr, buf, len, false);
	for (i = 0; i < n; i++)
		if (buf[i] != (u8)(first + i))
			break;
	KUNIT_EXPECT_EQ(test, i, n > 0 ? n : 0);
	return n;
}

/* The bytes the device writes reach a reader, in order, and only those. */
static void virtio_test_reads_device_bytes(struct kunit *test)
{
	struct fake_vdev *f = fake_vdev_new(test);
	struct kcell_rng_virtio *vr = fake_probe(test, f);
	u8 buf[8];

	/* The first read finds nothing and makes the one buffer available. */
	KUNIT_EXPECT_EQ(test, kcell_rng_chr_pull(vr->chr, buf, sizeof(buf),
						 false), (ssize_t)-EAGAIN);
	KUNIT_EXPECT_EQ(test, fake_vq_avail(f), 1U);
	KUNIT_EXPECT_EQ(test, f->kicks, 1);
	KUNIT_EXPECT_EQ(test, fake_vq_fill(f, FAKE_FULL), (u32)KCELL_RNG_BUF_SIZE);
	KUNIT_EXPECT_EQ(test, fake_vq_interrupt(f), IRQ_HANDLED);
	/* The pool has room for more: the buffer went straight back. */
	KUNIT_EXPECT_EQ(test, fake_vq_avail(f), 1U);

	KUNIT_EXPECT_EQ(test, pull_expect_seq(test, vr, 2 * KCELL_RNG_BUF_SIZE, 0),
			(ssize_t)KCELL_RNG_BUF_SIZE);
	/* Removal takes back the buffer the device still holds. */
	fake_remove(test, f);
}

/* A used length beyond the buffer delivers the buffer, no more. */
static void virtio_test_used_length_clamped(struct kunit *test)
{
	struct fake_vdev *f = fake_vdev_new(test);
	struct kcell_rng_virtio *vr = fake_probe(test, f);
	u8 buf[8];

	kcell_rng_chr_pull(vr->chr, buf, sizeof(buf), false);
	KUNIT_EXPECT_EQ(test, fake_vq_fill(f, 8 * KCELL_RNG_BUF_SIZE),
			(u32)KCELL_RNG_BUF_SIZE);
	fake_vq_interrupt(f);
	KUNIT_EXPECT_EQ(test, pull_expect_seq(test, vr, 8 * KCELL_RNG_BUF_SIZE, 0),
			(ssize_t)KCELL_RNG_BUF_SIZE);

	/* A shorter length delivers only what the device says it wrote. */
	f->next = 0;
	KUNIT_EXPECT_EQ(test, fake_vq_fill(f, 5), (u32)KCELL_RNG_BUF_SIZE);
	fake_vq_interrupt(f);
	KUNIT_EXPECT_EQ(test, pull_expect_seq(test, vr, KCELL_RNG_BUF_SIZE, 0),
			(ssize_t)5);

	/* Nothing written: the request ends, nobody asks from the interrupt. */
	KUNIT_EXPECT_EQ(test, fake_vq_avail(f), 1U);
	fake_vq_fill(f, 0);
	KUNIT_EXPECT_EQ(test, fake_vq_interrupt(f), IRQ_HANDLED);
	KUNIT_EXPECT_EQ(test, fake_vq_avail(f), 0U);
	KUNIT_EXPECT_FALSE(test, kcell_rng_simple_busy(&vr->chr->simple));
	fake_remove(test, f);
}

/*
 * A callback with nothing used delivers nothing.  A used id the driver
 * never made available makes the virtio core mark the ring broken (and
 * hand the driver nothing): the driver delivers nothing either, and
 * removal still takes the buffer back from the broken ring.
 */
static void virtio_test_used_id_never_posted(struct kunit *test)
{
	struct fake_vdev *f = fake_vdev_new(test);
	struct kcell_rng_virtio *vr = fake_probe(test, f);
	unsigned long deliveries;
	u32 len;
	u16 head;
	u8 buf[8], *data;

	kcell_rng_chr_pull(vr->chr, buf, sizeof(buf), false);
	deliveries = chr_deliveries(vr->chr);
	/* Spurious: the callback runs with no used buffer. */
	f->vq->callback(f->vq);
	KUNIT_EXPECT_EQ(test, fake_vq_interrupt(f), IRQ_NONE);
	KUNIT_EXPECT_EQ(test, chr_deliveries(vr->chr), deliveries);
	KUNIT_EXPECT_TRUE(test, kcell_rng_simple_busy(&vr->chr->simple));

	KUNIT_ASSERT_TRUE(test, fake_vq_take(f, &head, &data, &len));
	memset(data, 0xa5, len);
	fake_vq_use(f, head + 1, len);		/* a free descriptor */
	fake_vq_interrupt(f);
	KUNIT_EXPECT_EQ(test, kcell_rng_chr_pull(vr->chr, buf, sizeof(buf),
						 false), (ssize_t)-EAGAIN);
	KUNIT_EXPECT_EQ(test, pool_len(&vr->chr->pool), 0U);
	KUNIT_EXPECT_EQ(test, chr_deliveries(vr->chr), deliveries);
	fake_remove(test, f);
}

/*
 * A client that, inside the delivery (after the SimpleRng answered and put
 * its request back), starts the next request, as a reader on another CPU
 * whose read the delivery just woke would.
 */
struct eager_client {
	struct kcell_rng_source_client client;
	struct kcell_rng_source_client *inner;
	struct kcell_rng_simple *simple;
	int requests;
	int request_err;
};

static bool eager_bytes_ready(struct kcell_rng_source_client *client,
			      const secret_byte *data, size_t len, int err)
{
	struct eager_client *e = container_of(client, struct eager_client,
					      client);
	bool more = e->inner->bytes_ready(e->inner, data, len, err);

	if (!more && !e->requests++)
		e->request_err = kcell_rng_simple_get(e->simple);
	return more;
}

/*
 * A request that arrives while a completion is still delivering (the
 * buffer not yet back in its cell) is not refused as "in flight": the
 * buffer goes back to the device as soon as the delivery ends.
 */
static void virtio_test_request_during_delivery(struct kunit *test)
{
	struct fake_vdev *f = fake_vdev_new(test);
	struct kcell_rng_virtio *vr = fake_probe(test, f);
	struct eager_client e = {
		.client.bytes_ready = eager_bytes_ready,
		.inner = &vr->chr->simple.as_client,
		.simple = &vr->chr->simple,
	};
	u8 buf[8];

	kcell_rng_chr_pull(vr->chr, buf, sizeof(buf), false);
	/* A pool too full for another delivery: this one ends the request. */
	fake_pool_fill(test, vr);
	optional_cell_set(&vr->src.client, &e.client);

	KUNIT_EXPECT_EQ(test, fake_vq_fill(f, FAKE_FULL), (u32)KCELL_RNG_BUF_SIZE);
	KUNIT_EXPECT_EQ(test, fake_vq_interrupt(f), IRQ_HANDLED);
	KUNIT_EXPECT_EQ(test, e.requests, 1);
	KUNIT_EXPECT_EQ(test, e.request_err, 0);
	/* The request reached the device, and is in flight for the reader. */
	KUNIT_EXPECT_EQ(test, fake_vq_avail(f), 1U);
	KUNIT_EXPECT_TRUE(test, kcell_rng_simple_busy(&vr->chr->simple));

	optional_cell_set(&vr->src.client, e.inner);
	fake_remove(test, f);
}

/*
 * A reader that the delivery wakes asks for more at once, as one on
 * another CPU may: a wait queue entry whose wake function does the
 * reader's request in the waker's context.
 */
struct woken_reader {
	struct wait_queue_entry wq;
	struct kcell_rng_simple *simple;
	int wakes;
	int err;
};

static int woken_reader_fn(struct wait_queue_entry *wq, unsigned int mode,
			   int sync, void *key)
{
	struct woken_reader *w = container_of(wq, struct woken_reader, wq);

	if (!w->wakes++)
		w->err = kcell_rng_simple_get(w->simple);
	return 0;
}

/*
 * The delivery that ends a request (the pool is full) wakes a reader, who
 * asks for more at once: the request is back in the SimpleRng by then, and
 * the reader's request reaches the device, though the buffer is still on
 * its way back to its cell.  (Woken while the request was in neither
 * place, the reader would be told one is in flight, and wait forever.)
 */
static void virtio_test_reader_woken_by_delivery(struct kunit *test)
{
	struct fake_vdev *f = fake_vdev_new(test);
	struct kcell_rng_virtio *vr = fake_probe(test, f);
	struct woken_reader w = { .simple = &vr->chr->simple };
	u8 buf[8];

	kcell_rng_chr_pull(vr->chr, buf, sizeof(buf), false);
	fake_pool_fill(test, vr);
	init_waitqueue_func_entry(&w.wq, woken_reader_fn);
	add_wait_queue(&vr->chr->wait, &w.wq);

	KUNIT_EXPECT_EQ(test, fake_vq_fill(f, FAKE_FULL), (u32)KCELL_RNG_BUF_SIZE);
	KUNIT_EXPECT_EQ(test, fake_vq_interrupt(f), IRQ_HANDLED);
	remove_wait_queue(&vr->chr->wait, &w.wq);
	KUNIT_EXPECT_EQ(test, w.wakes, 1);
	KUNIT_EXPECT_EQ(test, w.err, 0);
	KUNIT_EXPECT_EQ(test, fake_vq_avail(f), 1U);
	KUNIT_EXPECT_TRUE(test, kcell_rng_simple_busy(&vr->chr->simple));
	fake_remove(test, f);
}

/*
 * Removal takes back a buffer the device filled and marked used but whose
 * interrupt did not come, without delivering it.
 */
static void virtio_test_remove_used_unsignalled(struct kunit *test)
{
	struct fake_vdev *f = fake_vdev_new(test);
	struct kcell_rng_virtio *vr = fake_probe(test, f);
	struct kcell_rng_chr *chr = vr->chr;
	unsigned long deliveries;
	u8 buf[8];

	kcell_rng_chr_pull(chr, buf, sizeof(buf), false);
	KUNIT_EXPECT_EQ(test, fake_vq_fill(f, FAKE_FULL), (u32)KCELL_RNG_BUF_SIZE);
	deliveries = chr_deliveries(chr);
	/* Kept past the removal, as an open file keeps it. */
	kref_get(&chr->ref);
	fake_remove(test, f);
	KUNIT_EXPECT_EQ(test, chr_deliveries(chr), deliveries);
	kcell_rng_chr_put(chr);
}

/* Removal wakes a reader blocked on the device's buffer, and frees it. */
static void virtio_test_remove_wakes_reader(struct kunit *test)
{
	struct fake_vdev *f = fake_vdev_new(test);
	struct kcell_rng_virtio *vr = fake_probe(test, f);
	struct puller p = { .chr = vr->chr, .want = 64 };
	int i;

	/* The reader's reference, as an open file holds one. */
	kref_get(&vr->chr->ref);
	puller_start(test, &p);
	for (i = 0; i < 1000 && !fake_vq_avail(f); i++)
		usleep_range(100, 200);
	KUNIT_ASSERT_EQ(test, fake_vq_avail(f), 1U);
	msleep(20);
	KUNIT_EXPECT_FALSE(test, completion_done(&p.done));

	virtio_rng_remove(&f->vdev);
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&p.done, 5 * HZ),
			0UL);
	KUNIT_EXPECT_EQ(test, p.got, (ssize_t)-ENODEV);
	KUNIT_EXPECT_EQ(test, f->resets, 1);
	kcell_rng_chr_put(p.chr);
	KUNIT_EXPECT_EQ(test, kcell_test_reports_take(), 0);
}

#ifdef CONFIG_PM_SLEEP
/*
 * Freeze with the buffer in the device: the request stays in flight, and
 * restore gives the buffer to the new virtqueue, whose bytes then arrive.
 * Bytes the device wrote before the reset and nobody collected are not
 * delivered.
 */
static void virtio_test_freeze_keeps_request(struct kunit *test)
{
	struct fake_vdev *f = fake_vdev_new(test);
	struct kcell_rng_virtio *vr = fake_probe(test, f);
	u8 buf[8];

	kcell_rng_chr_pull(vr->chr, buf, sizeof(buf), false);
	/* Filled and used, but frozen before the interrupt came. */
	KUNIT_EXPECT_EQ(test, fake_vq_fill(f, FAKE_FULL), (u32)KCELL_RNG_BUF_SIZE);
	KUNIT_EXPECT_EQ(test, virtio_rng_freeze(&f->vdev), 0);
	KUNIT_EXPECT_NULL(test, f->vq);
	KUNIT_EXPECT_EQ(test, f->resets, 1);
	/* Still in flight: a reader neither gets bytes nor a new request. */
	KUNIT_EXPECT_EQ(test, kcell_rng_chr_pull(vr->chr, buf, sizeof(buf),
						 false), (ssize_t)-EAGAIN);
	KUNIT_EXPECT_TRUE(test, kcell_rng_simple_busy(&vr->chr->simple));

	KUNIT_EXPECT_EQ(test, virtio_rng_restore(&f->vdev), 0);
	KUNIT_EXPECT_TRUE(test, f->status & VIRTIO_CONFIG_S_DRIVER_OK);
	KUNIT_EXPECT_EQ(test, fake_vq_avail(f), 1U);
	f->next = 0x40;
	KUNIT_EXPECT_EQ(test, fake_vq_fill(f, FAKE_FULL), (u32)KCELL_RNG_BUF_SIZE);
	KUNIT_EXPECT_EQ(test, fake_vq_interrupt(f), IRQ_HANDLED);
	/* The bytes written after restore, not the ones before the reset. */
	KUNIT_EXPECT_EQ(test, pull_expect_seq(test, vr, KCELL_RNG_BUF_SIZE,
					      0x40),
			(ssize_t)KCELL_RNG_BUF_SIZE);
	fake_remove(test, f);
}

/* A reader blocked across freeze and restore gets the bytes after. */
static void virtio_test_reader_across_freeze(struct kunit *test)
{
	struct fake_vdev *f = fake_vdev_new(test);
	struct kcell_rng_virtio *vr = fake_probe(test, f);
	struct puller p = { .chr = vr->chr, .want = 64 };
	int i;

	kref_get(&vr->chr->ref);
	puller_start(test, &p);
	for (i = 0; i < 1000 && !fake_vq_avail(f); i++)
		usleep_range(100, 200);
	KUNIT_ASSERT_EQ(test, fake_vq_avail(f), 1U);
	KUNIT_EXPECT_EQ(test, virtio_rng_freeze(&f->vdev), 0);
	KUNIT_EXPECT_EQ(test, virtio_rng_restore(&f->vdev), 0);
	msleep(20);
	KUNIT_EXPECT_FALSE(test, completion_done(&p.done));
	KUNIT_EXPECT_EQ(test, fake_vq_fill(f, FAKE_FULL), (u32)KCELL_RNG_BUF_SIZE);
	fake_vq_interrupt(f);
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&p.done, 5 * HZ),
			0UL);
	KUNIT_EXPECT_EQ(test, p.got, (ssize_t)p.want);
	fake_remove(test, f);
	kcell_rng_chr_put(p.chr);
}

/* A request made while frozen reaches the device at restore. */
static void virtio_test_request_while_frozen(struct kunit *test)
{
	struct fake_vdev *f = fake_vdev_new(test);
	struct kcell_rng_virtio *vr = fake_probe(test, f);
	u8 buf[8];

	KUNIT_EXPECT_EQ(test, virtio_rng_freeze(&f->vdev), 0);
	KUNIT_EXPECT_EQ(test, kcell_rng_chr_pull(vr->chr, buf, sizeof(buf),
						 false), (ssize_t)-EAGAIN);
	KUNIT_EXPECT_EQ(test, f->kicks, 0);
	KUNIT_EXPECT_EQ(test, virtio_rng_restore(&f->vdev), 0);
	KUNIT_EXPECT_EQ(test, fake_vq_avail(f), 1U);
	KUNIT_EXPECT_EQ(test, fake_vq_fill(f, FAKE_FULL), (u32)KCELL_RNG_BUF_SIZE);
	fake_vq_interrupt(f);
	KUNIT_EXPECT_EQ(test, pull_expect_seq(test, vr, sizeof(buf), 0),
			(ssize_t)sizeof(buf));
	fake_remove(test, f);
}

/*
 * A device that refuses the buffer at restore ends the request in flight
 * with the error, restore reports it (the virtio core then marks the
 * device failed), and a reader's next request fails the same way; the
 * buffer is back in its cell, so removal frees it.
 */
static void virtio_test_restore_refused(struct kunit *test)
{
	struct fake_vdev *f = fake_vdev_new(test);
	struct kcell_rng_virtio *vr = fake_probe(test, f);
	u8 buf[8];

	kcell_rng_chr_pull(vr->chr, buf, sizeof(buf), false);
	KUNIT_EXPECT_EQ(test, virtio_rng_freeze(&f->vdev), 0);
	f->break_at_ready = true;
	KUNIT_EXPECT_EQ(test, virtio_rng_restore(&f->vdev), -EIO);
	KUNIT_EXPECT_EQ(test, fake_vq_avail(f), 0U);
	KUNIT_EXPECT_FALSE(test, kcell_rng_simple_busy(&vr->chr->simple));
	KUNIT_EXPECT_EQ(test, kcell_rng_chr_pull(vr->chr, buf, sizeof(buf),
						 false), (ssize_t)-EIO);
	fake_remove(test, f);
}

/*
 * A restore that cannot make the virtqueue: the request in flight and
 * every later one fail with -ENODEV (and poll() says so), neither a
 * second freeze nor removal touches the virtqueue freeze deleted, and a
 * later restore that works brings the device back.
 */
static void virtio_test_restore_without_vq(struct kunit *test)
{
	struct fake_vdev *f = fake_vdev_new(test);
	struct kcell_rng_virtio *vr = fake_probe(test, f);
	struct file file = { .private_data = &vr->chr->misc };
	unsigned long deliveries;
	u8 buf[8];

	kcell_rng_chr_pull(vr->chr, buf, sizeof(buf), false);
	KUNIT_EXPECT_EQ(test, virtio_rng_freeze(&f->vdev), 0);
	deliveries = chr_deliveries(vr->chr);
	f->find_vqs_error = -ENOSPC;
	KUNIT_EXPECT_EQ(test, virtio_rng_restore(&f->vdev), -ENOSPC);
	/* The request in flight was answered (with the error). */
	KUNIT_EXPECT_EQ(test, chr_deliveries(vr->chr), deliveries + 1);
	KUNIT_EXPECT_FALSE(test, kcell_rng_simple_busy(&vr->chr->simple));
	KUNIT_EXPECT_EQ(test, kcell_rng_chr_pull(vr->chr, buf, sizeof(buf),
						 false), (ssize_t)-ENODEV);
	/* poll() says a read will not block: it reports the error. */
	KUNIT_EXPECT_TRUE(test, chr_poll(&file, NULL) & EPOLLIN);
	KUNIT_EXPECT_EQ(test, virtio_rng_freeze(&f->vdev), 0);
	/* A later restore that works brings the device back. */
	KUNIT_EXPECT_EQ(test, virtio_rng_restore(&f->vdev), 0);
	KUNIT_EXPECT_EQ(test, kcell_rng_chr_pull(vr->chr, buf, sizeof(buf),
						 false), (ssize_t)-EAGAIN);
	KUNIT_EXPECT_EQ(test, fake_vq_avail(f), 1U);
	fake_remove(test, f);
}

#endif /* CONFIG_PM_SLEEP */

/* Probe fails cleanly when the transport cannot make the virtqueue. */
static void virtio_test_probe_no_vq(struct kunit *test)
{
	struct fake_vdev *f = fake_vdev_new(test);

	f->find_vqs_error = -ENOSPC;
	KUNIT_EXPECT_EQ(test, virtio_rng_probe(&f->vdev), -ENOSPC);
	/* The exit checks that the buffer and the chr layer were freed. */
	KUNIT_EXPECT_EQ(test, f->status & VIRTIO_CONFIG_S_DRIVER_OK, 0);
}

static struct kunit_case rng_virtio_test_cases[] = {
	KUNIT_CASE(virtio_test_reads_device_bytes),
	KUNIT_CASE(virtio_test_used_length_clamped),
	KUNIT_CASE(virtio_test_used_id_never_posted),
	KUNIT_CASE(virtio_test_request_during_delivery),
	KUNIT_CASE(virtio_test_reader_woken_by_delivery),
	KUNIT_CASE(virtio_test_remove_used_unsignalled),
	KUNIT_CASE(virtio_test_remove_wakes_reader),
#ifdef CONFIG_PM_SLEEP
	KUNIT_CASE(virtio_test_freeze_keeps_request),
	KUNIT_CASE(virtio_test_reader_across_freeze),
	KUNIT_CASE(virtio_test_request_while_frozen),
	KUNIT_CASE(virtio_test_restore_refused),
	KUNIT_CASE(virtio_test_restore_without_vq),
#endif
	KUNIT_CASE(virtio_test_probe_no_vq),
	{}
};

static struct kunit_suite rng_virtio_test_suite = {
	.name = "kcell_rng_virtio",
	.exit = rng_test_exit,
	.test_cases = rng_virtio_test_cases,
};

kunit_test_suite(rng_virtio_test_suite);

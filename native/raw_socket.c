// A raw AF_PACKET socket for the announcer (ARP answers and announcements). Node has no raw sockets of its own.
// Each socket has a reader thread that waits in poll() (event-driven: no timer, no libuv threadpool thread): it
// answers ARP requests for the announced addresses at once (setArpAnswers), so an answer never waits for the
// JavaScript event loop (a garbage collection, a log write), and queues every frame for JavaScript, which a
// uv_async handle wakes to count, report and detect conflicts. The thread never touches N-API.
#include <node_api.h>
#include <uv.h>
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/eventfd.h>
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

// Frames waiting for JavaScript. A frame longer than a slot is cut (ARP and NDP frames are under 128 bytes); when
// JavaScript falls this far behind, frames are dropped for it (answers are not).
#define SLOT_BYTES 512
#define SLOTS 1024
#define RECEIVE_BUFFER_BYTES (4 * 1024 * 1024)

typedef struct {
  uint16_t length;
  uint8_t answered;
  unsigned char data[SLOT_BYTES];
} queued_frame;

typedef struct {
  int fd;
  int ifindex;
  int ethertype;
  pthread_t reader;
  int wake_fd; // an eventfd: written once to stop the reader thread
  atomic_int stopping;
  pthread_mutex_t lock; // guards the answer table and the queue
  // ARP answers given by the reader thread (setArpAnswers): our MAC and the owned IPv4 addresses, sorted.
  unsigned char mac[6];
  uint32_t *owned;
  size_t owned_count;
  queued_frame *queue;
  size_t head, count;
  uv_async_t async;
  // The caller's Uint8Array: each frame is handed to JavaScript in it, so that nothing is allocated per frame.
  unsigned char *receive_buffer;
  size_t receive_length;
  napi_ref receive_buffer_ref;
  napi_env env;
  napi_ref callback;
  napi_ref receiver;
  napi_async_context context;
  int closed;
} raw_socket;

static int contains(const uint32_t *sorted, size_t count, uint32_t value) {
  size_t low = 0, high = count;
  while (low < high) {
    size_t middle = low + (high - low) / 2;
    if (sorted[middle] == value) return 1;
    if (sorted[middle] < value) low = middle + 1;
    else high = middle;
  }
  return 0;
}

static uint32_t ipv4_at(const unsigned char *frame, size_t offset) {
  return ((uint32_t)frame[offset] << 24) | ((uint32_t)frame[offset + 1] << 16) | ((uint32_t)frame[offset + 2] << 8) | frame[offset + 3];
}

// The same decision as answerArpFrame in src/lib/announce/arp.ts, minus conflicts (Announcer.receive): an
// Ethernet/IPv4 ARP request, to the broadcast or our MAC, for an owned address, and not another host's gratuitous
// announcement of that address. Fills `reply` (42 bytes) and returns 1 when the frame is to be answered.
static int arp_reply(const unsigned char mac[6], const uint32_t *owned, size_t owned_count, const unsigned char *frame, size_t n, unsigned char *reply) {
  if (owned_count == 0 || n < 42) return 0;
  if (frame[12] != 0x08 || frame[13] != 0x06 || frame[14] != 0 || frame[15] != 1 || frame[16] != 0x08 || frame[17] != 0) return 0;
  if (frame[18] != 6 || frame[19] != 4 || frame[20] != 0 || frame[21] != 1) return 0;
  static const unsigned char broadcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  if (memcmp(frame, broadcast, 6) != 0 && memcmp(frame, mac, 6) != 0) return 0;
  uint32_t target = ipv4_at(frame, 38);
  if (!contains(owned, owned_count, target)) return 0;
  if (ipv4_at(frame, 28) == target && memcmp(frame + 22, mac, 6) != 0) return 0; // a conflict: JS reports it
  memcpy(reply, frame + 22, 6); // to the requester's MAC
  memcpy(reply + 6, mac, 6);
  memcpy(reply + 12, frame + 12, 8); // ethertype and ARP header
  reply[20] = 0;
  reply[21] = 2;
  memcpy(reply + 22, mac, 6);
  memcpy(reply + 28, frame + 38, 4); // we are the requested address
  memcpy(reply + 32, frame + 22, 10); // the requester's MAC and IP
  return 1;
}

static ssize_t send_frame(raw_socket *s, const unsigned char *data, size_t length) {
  struct sockaddr_ll address;
  memset(&address, 0, sizeof address);
  address.sll_family = AF_PACKET;
  address.sll_protocol = htons((uint16_t)s->ethertype);
  address.sll_ifindex = s->ifindex;
  address.sll_halen = 6;
  if (length >= 6) memcpy(address.sll_addr, data, 6);
  return sendto(s->fd, data, length, 0, (struct sockaddr *)&address, sizeof address);
}

static napi_value throw_errno(napi_env env, const char *what, int err) {
  char message[256];
  snprintf(message, sizeof message, "%s: %s", what, strerror(err));
  char code[32];
  snprintf(code, sizeof code, "%s", err == EPERM ? "EPERM" : err == ENODEV ? "ENODEV" : err == EACCES ? "EACCES" : "ERAW");
  napi_throw_error(env, code, message);
  return NULL;
}

// The reader thread: waits in poll() for frames or the stop signal (no timeout: nothing runs while the link is
// quiet), answers ARP at once, queues every frame for JavaScript and wakes the event loop.
static void *read_frames(void *data) {
  raw_socket *s = data;
  unsigned char frame[2048], reply[42];
  struct pollfd waits[2] = {{.fd = s->fd, .events = POLLIN}, {.fd = s->wake_fd, .events = POLLIN}};
  while (!atomic_load(&s->stopping)) {
    if (poll(waits, 2, -1) < 0 || waits[1].revents) continue; // EINTR, or stopping: checked above
    for (;;) {
      ssize_t n = recv(s->fd, frame, sizeof frame, MSG_DONTWAIT);
      if (n < 0) break; // EAGAIN: drained; a socket error (ENETDOWN) is cleared by reading it
      pthread_mutex_lock(&s->lock);
      int answer = arp_reply(s->mac, s->owned, s->owned_count, frame, (size_t)n, reply);
      pthread_mutex_unlock(&s->lock);
      int answered = answer && send_frame(s, reply, sizeof reply) == (ssize_t)sizeof reply;
      pthread_mutex_lock(&s->lock);
      if (s->count < SLOTS) {
        queued_frame *slot = &s->queue[(s->head + s->count) % SLOTS];
        slot->length = (uint16_t)((size_t)n < SLOT_BYTES ? (size_t)n : SLOT_BYTES);
        slot->answered = (uint8_t)answered;
        memcpy(slot->data, frame, slot->length);
        s->count++;
      }
      pthread_mutex_unlock(&s->lock);
      uv_async_send(&s->async);
    }
  }
  return NULL;
}

// On the event loop: hands the queued frames to JavaScript, one at a time, in the caller's buffer.
static void on_frames(uv_async_t *handle) {
  raw_socket *s = handle->data;
  while (!s->closed) {
    pthread_mutex_lock(&s->lock);
    if (s->count == 0) {
      pthread_mutex_unlock(&s->lock);
      return;
    }
    queued_frame *slot = &s->queue[s->head];
    size_t n = slot->length < s->receive_length ? slot->length : s->receive_length;
    memcpy(s->receive_buffer, slot->data, n);
    int answered = slot->answered;
    s->head = (s->head + 1) % SLOTS;
    s->count--;
    pthread_mutex_unlock(&s->lock);
    napi_handle_scope scope;
    napi_open_handle_scope(s->env, &scope);
    napi_value callback, receiver, args[2], result;
    napi_get_reference_value(s->env, s->callback, &callback);
    napi_get_reference_value(s->env, s->receiver, &receiver);
    napi_create_uint32(s->env, (uint32_t)n, &args[0]);
    napi_get_boolean(s->env, answered, &args[1]);
    napi_make_callback(s->env, s->context, receiver, callback, 2, args, &result);
    napi_close_handle_scope(s->env, scope);
  }
}

static void on_async_closed(uv_handle_t *handle) {
  raw_socket *s = handle->data;
  pthread_mutex_destroy(&s->lock);
  free(s->queue);
  free(s->owned);
  free(s);
}

// Reads [mac (6 bytes), addresses (4 bytes each, network order)] into a sorted table; 0 on bad arguments.
static int read_answer_table(napi_env env, napi_value mac_value, napi_value addresses_value, unsigned char mac[6], uint32_t **owned, size_t *count) {
  void *mac_data, *address_data;
  size_t mac_length, address_length;
  if (napi_get_buffer_info(env, mac_value, &mac_data, &mac_length) != napi_ok || mac_length != 6) return 0;
  if (napi_get_buffer_info(env, addresses_value, &address_data, &address_length) != napi_ok || address_length % 4 != 0) return 0;
  memcpy(mac, mac_data, 6);
  *count = address_length / 4;
  *owned = *count ? malloc(*count * sizeof **owned) : NULL;
  for (size_t i = 0; i < *count; i++) (*owned)[i] = ipv4_at(address_data, i * 4);
  for (size_t i = 1; i < *count; i++) { // insertion sort: a handful of addresses
    uint32_t value = (*owned)[i];
    size_t j = i;
    for (; j > 0 && (*owned)[j - 1] > value; j--) (*owned)[j] = (*owned)[j - 1];
    (*owned)[j] = value;
  }
  return 1;
}

// open(ifname, ethertype, receiveBuffer, onFrame(length, answered)[, filter]) -> handle. Each frame is handed over
// in receiveBuffer (a Uint8Array the caller keeps) and onFrame gets its length and whether the reader thread
// answered it: nothing is allocated per frame, so answering at a high rate causes no garbage collection. filter: classic BPF as [[code, jt, jf, k], ...], applied
// in the kernel so that only the frames the announcer reads wake the process.
static napi_value js_open(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  napi_typedarray_type array_type;
  size_t receive_length = 0;
  void *receive_data = NULL;
  bool is_typedarray = false;
  napi_is_typedarray(env, argv[2], &is_typedarray);
  if (!is_typedarray) return throw_errno(env, "receive buffer", EINVAL);
  napi_get_typedarray_info(env, argv[2], &array_type, &receive_length, &receive_data, NULL, NULL);
  if (array_type != napi_uint8_array || receive_length < 64) return throw_errno(env, "receive buffer", EINVAL);
  char ifname[IF_NAMESIZE + 1];
  size_t len;
  if (napi_get_value_string_utf8(env, argv[0], ifname, sizeof ifname, &len) != napi_ok) return throw_errno(env, "interface name", EINVAL);
  int32_t ethertype;
  napi_get_value_int32(env, argv[1], &ethertype);
  unsigned int ifindex = if_nametoindex(ifname);
  if (ifindex == 0) return throw_errno(env, ifname, ENODEV);
  int fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, htons((uint16_t)ethertype));
  if (fd < 0) return throw_errno(env, "socket(AF_PACKET)", errno);
  struct sockaddr_ll address;
  memset(&address, 0, sizeof address);
  address.sll_family = AF_PACKET;
  address.sll_protocol = htons((uint16_t)ethertype);
  address.sll_ifindex = (int)ifindex;
  napi_valuetype filter_type = napi_undefined;
  if (argc >= 5) napi_typeof(env, argv[4], &filter_type);
  if (filter_type == napi_object) {
    uint32_t count = 0;
    napi_get_array_length(env, argv[4], &count);
    if (count == 0 || count > 64) {
      close(fd);
      return throw_errno(env, "BPF filter length", EINVAL);
    }
    struct sock_filter code[64];
    for (uint32_t i = 0; i < count; i++) {
      napi_value row, cell;
      uint32_t values[4];
      napi_get_element(env, argv[4], i, &row);
      for (uint32_t j = 0; j < 4; j++) {
        napi_get_element(env, row, j, &cell);
        napi_get_value_uint32(env, cell, &values[j]);
      }
      code[i].code = (uint16_t)values[0];
      code[i].jt = (uint8_t)values[1];
      code[i].jf = (uint8_t)values[2];
      code[i].k = values[3];
    }
    struct sock_fprog program = {.len = (unsigned short)count, .filter = code};
    if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &program, sizeof program) < 0) {
      int err = errno;
      close(fd);
      return throw_errno(env, "SO_ATTACH_FILTER", err);
    }
  }
  if (bind(fd, (struct sockaddr *)&address, sizeof address) < 0) {
    int err = errno;
    close(fd);
    return throw_errno(env, "bind", err);
  }
  // Room for bursts while the reader thread waits for the CPU (the default ~200 KB is ~5 ms of a 50,000/s
  // flood); beyond net.core.rmem_max only with CAP_NET_ADMIN, so try that first, then the capped size.
  int receive_bytes = RECEIVE_BUFFER_BYTES;
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &receive_bytes, sizeof receive_bytes) < 0) setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receive_bytes, sizeof receive_bytes);
  int wake_fd = eventfd(0, EFD_CLOEXEC);
  if (wake_fd < 0) {
    int err = errno;
    close(fd);
    return throw_errno(env, "eventfd", err);
  }
  raw_socket *s = calloc(1, sizeof *s);
  s->wake_fd = wake_fd;
  s->queue = malloc(SLOTS * sizeof *s->queue);
  pthread_mutex_init(&s->lock, NULL);
  s->fd = fd;
  s->ifindex = (int)ifindex;
  s->ethertype = ethertype;
  s->env = env;
  napi_value handle, resource_name;
  napi_create_object(env, &handle);
  s->receive_buffer = receive_data;
  s->receive_length = receive_length;
  napi_create_reference(env, argv[2], 1, &s->receive_buffer_ref);
  napi_create_reference(env, argv[3], 1, &s->callback);
  napi_create_reference(env, handle, 1, &s->receiver);
  napi_create_string_utf8(env, "d8-metallb:raw-socket", NAPI_AUTO_LENGTH, &resource_name);
  napi_async_init(env, handle, resource_name, &s->context);
  uv_loop_t *loop;
  napi_get_uv_event_loop(env, &loop);
  uv_async_init(loop, &s->async, on_frames);
  s->async.data = s;
  int err = pthread_create(&s->reader, NULL, read_frames, s);
  if (err != 0) {
    close(fd);
    close(wake_fd);
    uv_close((uv_handle_t *)&s->async, on_async_closed);
    return throw_errno(env, "pthread_create", err);
  }
  napi_wrap(env, handle, s, NULL, NULL, NULL);
  return handle;
}

static raw_socket *unwrap(napi_env env, napi_value handle) {
  raw_socket *s = NULL;
  napi_unwrap(env, handle, (void **)&s);
  return s;
}

// Reads the `count` arguments of a call on a socket (the handle first); NULL, with a JS error thrown, when the
// socket is closed.
static raw_socket *socket_call(napi_env env, napi_callback_info info, size_t count, napi_value *argv, const char *what) {
  size_t argc = count;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  raw_socket *s = unwrap(env, argv[0]);
  if (s && !s->closed) return s;
  char message[64];
  snprintf(message, sizeof message, "%s on a closed socket", what);
  throw_errno(env, message, EBADF);
  return NULL;
}

// send(handle, frame) -> bytes sent; the destination MAC is the frame's first 6 bytes
static napi_value js_send(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  raw_socket *s = socket_call(env, info, 2, argv, "send");
  if (!s) return NULL;
  void *data;
  size_t length;
  napi_get_buffer_info(env, argv[1], &data, &length);
  ssize_t n = send_frame(s, data, length);
  if (n < 0) return throw_errno(env, "sendto", errno);
  napi_value result;
  napi_create_int64(env, n, &result);
  return result;
}

// setArpAnswers(handle, mac, addresses): answer ARP requests for these IPv4 addresses (4 bytes each) with this MAC
// right where frames are received; an empty list stops it. JS still gets every frame, told whether it was answered.
static napi_value js_set_arp_answers(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  raw_socket *s = socket_call(env, info, 3, argv, "setArpAnswers");
  if (!s) return NULL;
  unsigned char mac[6];
  uint32_t *owned;
  size_t count;
  if (!read_answer_table(env, argv[1], argv[2], mac, &owned, &count)) return throw_errno(env, "setArpAnswers", EINVAL);
  pthread_mutex_lock(&s->lock);
  uint32_t *previous = s->owned;
  memcpy(s->mac, mac, 6);
  s->owned = owned;
  s->owned_count = count;
  pthread_mutex_unlock(&s->lock);
  free(previous);
  return NULL;
}

// arpReply(mac, addresses, frame) -> reply or null: the decision above without a socket, for tests.
static napi_value js_arp_reply(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  unsigned char mac[6];
  uint32_t *owned;
  size_t count;
  if (!read_answer_table(env, argv[0], argv[1], mac, &owned, &count)) return throw_errno(env, "arpReply", EINVAL);
  void *frame;
  size_t length;
  napi_get_buffer_info(env, argv[2], &frame, &length);
  unsigned char reply[42];
  int answer = arp_reply(mac, owned, count, frame, length, reply);
  free(owned);
  napi_value result;
  if (answer) {
    void *data;
    napi_create_buffer_copy(env, sizeof reply, reply, &data, &result);
  } else napi_get_null(env, &result);
  return result;
}

// joinMulticast(handle, macBuffer): receive frames sent to this multicast MAC (NDP's solicited-node groups)
static napi_value js_join_multicast(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  raw_socket *s = socket_call(env, info, 2, argv, "joinMulticast");
  if (!s) return NULL;
  void *data;
  size_t length;
  napi_get_buffer_info(env, argv[1], &data, &length);
  struct packet_mreq request;
  memset(&request, 0, sizeof request);
  request.mr_ifindex = s->ifindex;
  request.mr_type = PACKET_MR_MULTICAST;
  request.mr_alen = 6;
  memcpy(request.mr_address, data, length < 6 ? length : 6);
  if (setsockopt(s->fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &request, sizeof request) < 0) return throw_errno(env, "PACKET_ADD_MEMBERSHIP", errno);
  return NULL;
}

// close(handle)
static napi_value js_close(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  raw_socket *s = NULL;
  napi_remove_wrap(env, argv[0], (void **)&s);
  if (s && !s->closed) {
    s->closed = 1;
    atomic_store(&s->stopping, 1);
    uint64_t one = 1;
    if (write(s->wake_fd, &one, sizeof one) < 0) {} // wakes the reader thread's poll(); it then ends
    pthread_join(s->reader, NULL);
    close(s->wake_fd);
    close(s->fd);
    napi_delete_reference(env, s->callback);
    napi_delete_reference(env, s->receive_buffer_ref);
    napi_delete_reference(env, s->receiver);
    napi_async_destroy(env, s->context);
    uv_close((uv_handle_t *)&s->async, on_async_closed);
  }
  return NULL;
}

// A TCP socket (IPv4, non-blocking, not yet connected) that signs every segment to `peer` with TCP MD5 (RFC 2385):
// Node cannot set TCP_MD5SIG, so the socket is made here and handed to net.Socket by its descriptor.
static napi_value js_md5_socket(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value args[3];
  napi_get_cb_info(env, info, &argc, args, NULL, NULL);
  void *peer = NULL, *key = NULL, *source = NULL;
  size_t peer_length = 0, key_length = 0, source_length = 0;
  napi_typedarray_type type;
  napi_value buffer;
  size_t offset;
  if (argc < 2 || napi_get_typedarray_info(env, args[0], &type, &peer_length, &peer, &buffer, &offset) != napi_ok || peer_length != 4 ||
      napi_get_typedarray_info(env, args[1], &type, &key_length, &key, &buffer, &offset) != napi_ok || key_length == 0 || key_length > TCP_MD5SIG_MAXKEYLEN) {
    napi_throw_type_error(env, NULL, "md5Socket(peer: 4 bytes, key: 1-80 bytes, source?: 4 bytes)");
    return NULL;
  }
  if (argc >= 3) {
    napi_valuetype kind;
    napi_typeof(env, args[2], &kind);
    if (kind != napi_undefined && (napi_get_typedarray_info(env, args[2], &type, &source_length, &source, &buffer, &offset) != napi_ok || source_length != 4)) {
      napi_throw_type_error(env, NULL, "md5Socket: source must be 4 bytes");
      return NULL;
    }
  }
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return throw_errno(env, "socket", errno);
  struct tcp_md5sig sig;
  memset(&sig, 0, sizeof sig);
  struct sockaddr_in *address = (struct sockaddr_in *)&sig.tcpm_addr;
  address->sin_family = AF_INET;
  memcpy(&address->sin_addr, peer, 4);
  sig.tcpm_keylen = (uint16_t)key_length;
  memcpy(sig.tcpm_key, key, key_length);
  if (setsockopt(fd, IPPROTO_TCP, TCP_MD5SIG, &sig, sizeof sig) != 0) {
    int err = errno;
    close(fd);
    return throw_errno(env, "setsockopt(TCP_MD5SIG)", err);
  }
  if (source) {
    struct sockaddr_in local;
    memset(&local, 0, sizeof local);
    local.sin_family = AF_INET;
    memcpy(&local.sin_addr, source, 4);
    if (bind(fd, (struct sockaddr *)&local, sizeof local) != 0) {
      int err = errno;
      close(fd);
      return throw_errno(env, "bind", err);
    }
  }
  napi_value result;
  napi_create_int32(env, fd, &result);
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor properties[] = {
    {"open", NULL, js_open, NULL, NULL, NULL, napi_default, NULL},
    {"send", NULL, js_send, NULL, NULL, NULL, napi_default, NULL},
    {"close", NULL, js_close, NULL, NULL, NULL, napi_default, NULL},
    {"joinMulticast", NULL, js_join_multicast, NULL, NULL, NULL, napi_default, NULL},
    {"setArpAnswers", NULL, js_set_arp_answers, NULL, NULL, NULL, napi_default, NULL},
    {"arpReply", NULL, js_arp_reply, NULL, NULL, NULL, napi_default, NULL},
    {"md5Socket", NULL, js_md5_socket, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, 7, properties);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)

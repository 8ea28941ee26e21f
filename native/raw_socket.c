// A raw AF_PACKET socket for the announcer (ARP answers and announcements): event-driven through libuv's poll
// (no timers, no threadpool thread per read). Node has no raw sockets of its own.
#include <node_api.h>
#include <uv.h>
#include <arpa/inet.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

typedef struct {
  int fd;
  int ifindex;
  int ethertype;
  uv_poll_t poll;
  napi_env env;
  napi_ref callback;
  napi_ref receiver;
  napi_async_context context;
  int closed;
} raw_socket;

static napi_value throw_errno(napi_env env, const char *what, int err) {
  char message[256];
  snprintf(message, sizeof message, "%s: %s", what, strerror(err));
  char code[32];
  snprintf(code, sizeof code, "%s", err == EPERM ? "EPERM" : err == ENODEV ? "ENODEV" : err == EACCES ? "EACCES" : "ERAW");
  napi_throw_error(env, code, message);
  return NULL;
}

static void on_readable(uv_poll_t *handle, int status, int events) {
  raw_socket *s = handle->data;
  if (s->closed || status < 0 || !(events & UV_READABLE)) return;
  unsigned char buffer[2048];
  for (;;) {
    ssize_t n = recv(s->fd, buffer, sizeof buffer, 0);
    if (n < 0) break; // EAGAIN: drained
    napi_handle_scope scope;
    napi_open_handle_scope(s->env, &scope);
    napi_value callback, receiver, frame, result;
    void *data;
    napi_get_reference_value(s->env, s->callback, &callback);
    napi_get_reference_value(s->env, s->receiver, &receiver);
    napi_create_buffer_copy(s->env, (size_t)n, buffer, &data, &frame);
    napi_make_callback(s->env, s->context, receiver, callback, 1, &frame, &result);
    napi_close_handle_scope(s->env, scope);
    if (s->closed) break;
  }
}

static void on_poll_closed(uv_handle_t *handle) {
  free(handle->data);
}

// open(ifname, ethertype, onFrame[, filter]) -> handle; filter: classic BPF as [[code, jt, jf, k], ...], applied
// in the kernel so that only the frames the announcer reads wake the process.
static napi_value js_open(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
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
  if (argc >= 4) napi_typeof(env, argv[3], &filter_type);
  if (filter_type == napi_object) {
    uint32_t count = 0;
    napi_get_array_length(env, argv[3], &count);
    if (count == 0 || count > 64) {
      close(fd);
      return throw_errno(env, "BPF filter length", EINVAL);
    }
    struct sock_filter code[64];
    for (uint32_t i = 0; i < count; i++) {
      napi_value row, cell;
      uint32_t values[4];
      napi_get_element(env, argv[3], i, &row);
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
  raw_socket *s = calloc(1, sizeof *s);
  s->fd = fd;
  s->ifindex = (int)ifindex;
  s->ethertype = ethertype;
  s->env = env;
  napi_value handle, resource_name;
  napi_create_object(env, &handle);
  napi_create_reference(env, argv[2], 1, &s->callback);
  napi_create_reference(env, handle, 1, &s->receiver);
  napi_create_string_utf8(env, "d8-metallb:raw-socket", NAPI_AUTO_LENGTH, &resource_name);
  napi_async_init(env, handle, resource_name, &s->context);
  uv_loop_t *loop;
  napi_get_uv_event_loop(env, &loop);
  uv_poll_init(loop, &s->poll, fd);
  s->poll.data = s;
  uv_poll_start(&s->poll, UV_READABLE, on_readable);
  napi_wrap(env, handle, s, NULL, NULL, NULL);
  return handle;
}

static raw_socket *unwrap(napi_env env, napi_value handle) {
  raw_socket *s = NULL;
  napi_unwrap(env, handle, (void **)&s);
  return s;
}

// send(handle, frame) -> bytes sent; the destination MAC is the frame's first 6 bytes
static napi_value js_send(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  raw_socket *s = unwrap(env, argv[0]);
  if (!s || s->closed) return throw_errno(env, "send on a closed socket", EBADF);
  void *data;
  size_t length;
  napi_get_buffer_info(env, argv[1], &data, &length);
  struct sockaddr_ll address;
  memset(&address, 0, sizeof address);
  address.sll_family = AF_PACKET;
  address.sll_protocol = htons((uint16_t)s->ethertype);
  address.sll_ifindex = s->ifindex;
  address.sll_halen = 6;
  if (length >= 6) memcpy(address.sll_addr, data, 6);
  ssize_t n = sendto(s->fd, data, length, 0, (struct sockaddr *)&address, sizeof address);
  if (n < 0) return throw_errno(env, "sendto", errno);
  napi_value result;
  napi_create_int64(env, n, &result);
  return result;
}

// joinMulticast(handle, macBuffer): receive frames sent to this multicast MAC (NDP's solicited-node groups)
static napi_value js_join_multicast(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  raw_socket *s = unwrap(env, argv[0]);
  if (!s || s->closed) return throw_errno(env, "joinMulticast on a closed socket", EBADF);
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
    uv_poll_stop(&s->poll);
    close(s->fd);
    napi_delete_reference(env, s->callback);
    napi_delete_reference(env, s->receiver);
    napi_async_destroy(env, s->context);
    uv_close((uv_handle_t *)&s->poll, on_poll_closed);
  }
  return NULL;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor properties[] = {
    {"open", NULL, js_open, NULL, NULL, NULL, napi_default, NULL},
    {"send", NULL, js_send, NULL, NULL, NULL, napi_default, NULL},
    {"close", NULL, js_close, NULL, NULL, NULL, napi_default, NULL},
    {"joinMulticast", NULL, js_join_multicast, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, 4, properties);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)

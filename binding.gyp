{
  "targets": [
    {
      "target_name": "raw_socket",
      "sources": ["native/raw_socket.c"],
      "cflags": ["-O2", "-Wall"]
    }
  ]
}

// api/internal/worker_pool.h — a fixed set of threads behind a bounded queue.
//
// Admission control for the server's handlers: TrySubmit refuses at once when the queue is
// full, so a burst of expensive requests is answered 503 instead of waiting without bound.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace istmo::api::internal {

class WorkerPool {
 public:
  // `workers` threads (at least 1); at most `queue` tasks wait for one.
  WorkerPool(std::string name, int workers, std::size_t queue);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues the task; false (and the task is dropped) when the queue is full or the pool is
  // shutting down.
  bool TrySubmit(std::function<void()> task);
  // Runs the tasks already queued, then joins the threads. Idempotent.
  void Shutdown();

  const std::string& name() const { return name_; }

 private:
  void Work();

  std::string name_;
  std::size_t capacity_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  bool shutting_down_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace istmo::api::internal

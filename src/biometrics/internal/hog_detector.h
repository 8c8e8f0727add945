// biometrics/internal/hog_detector.h — dlib's HOG frontal face detector, run on several threads
// with exactly dlib's answer.
//
// dlib::frontal_face_detector is an object_detector<scan_fhog_pyramid<pyramid_down<6>>>: it
// builds an fHOG pyramid of the image (each level 5/6 the size of the one above, down to the
// 80×80 window), convolves each level with five HOG filters (front, left, right, and two
// rotated), keeps every window scoring above each filter's threshold and ends with one
// non-maximum suppression over all five filters' windows. All of it runs on one thread, and it
// is the largest part of enrolling a photo (bench_face_enrol).
//
// The levels are independent once the image pyramid exists, so here they are spread over
// `threads` threads: the calling thread starts on level 0 (about 30% of the work) while a helper
// makes the smaller images, then both take the remaining levels largest first. Everything else
// is dlib's code in dlib's order (the same level images, the same fHOG and filters through
// dlib::impl, the same per-filter sort and the same suppression), so the boxes are the ones
// dlib's detector returns, bit for bit (tests/biometrics/face_test.cc checks it on every photo).
#pragma once

#include <algorithm>
#include <atomic>
#include <exception>
#include <latch>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>

namespace istmo::biometrics::internal {

class HogFaceDetector {
 public:
  using Pyramid = dlib::pyramid_down<6>;
  using Scanner = dlib::scan_fhog_pyramid<Pyramid>;

  // Keeps a reference: `detector` must outlive this object.
  explicit HogFaceDetector(const dlib::frontal_face_detector& detector) : detector_(detector) {}

  // What detector_(image) returns, computed on up to `threads` threads.
  template <class Image>
  std::vector<dlib::rectangle> operator()(const Image& image, int threads) const {
    const Scanner& scanner = detector_.get_scanner();
    const auto& fe = scanner.get_feature_extractor();
    const int cell_size = static_cast<int>(scanner.get_cell_size());
    const int window_width = static_cast<int>(scanner.get_fhog_window_width());
    const int window_height = static_cast<int>(scanner.get_fhog_window_height());
    const long box_width = window_width - 2 * static_cast<long>(scanner.get_padding());
    const long box_height = window_height - 2 * static_cast<long>(scanner.get_padding());
    const unsigned long filters = detector_.num_detectors();

    // The number of levels, as dlib::impl::create_fhog_pyramid counts them.
    Pyramid pyr;
    unsigned long levels = 0;
    dlib::rectangle rect = dlib::get_rect(image);
    do {
      rect = pyr.rect_down(rect);
      ++levels;
    } while (rect.width() >= scanner.get_min_pyramid_layer_width() &&
             rect.height() >= scanner.get_min_pyramid_layer_height() &&
             levels < scanner.get_max_pyramid_levels());

    // smaller[l - 1] is level l's image, made from level l - 1's as dlib makes it.
    using Pixel = typename dlib::image_traits<Image>::pixel_type;
    std::vector<dlib::array2d<Pixel>> smaller(levels - 1);
    auto make_smaller = [&] {
      for (unsigned long l = 1; l < levels; ++l) {
        if (l == 1) {
          pyr(image, smaller[0]);
        } else {
          pyr(smaller[l - 2], smaller[l - 1]);
        }
      }
    };

    // found[l][f]: level l's windows above filter f's threshold, in dlib's scan order.
    using Window = std::pair<double, dlib::rectangle>;
    std::vector<std::vector<std::vector<Window>>> found(levels,
                                                        std::vector<std::vector<Window>>(filters));
    auto scan_level = [&](unsigned long l) {
      dlib::array<dlib::array2d<float>> feats;
      if (l == 0) {
        fe(image, feats, cell_size, window_height, window_width);
      } else {
        fe(smaller[l - 1], feats, cell_size, window_height, window_width);
      }
      dlib::array2d<float> saliency;
      for (unsigned long f = 0; f < filters; ++f) {
        const auto& w = detector_.get_processed_w(f);
        const double thresh = w.w(scanner.get_num_dimensions());
        const dlib::rectangle area =
            dlib::impl::apply_filters_to_fhog(w.get_detect_argument(), feats, saliency);
        for (long r = area.top(); r <= area.bottom(); ++r) {
          for (long c = area.left(); c <= area.right(); ++c) {
            if (saliency[r][c] >= thresh) {
              dlib::rectangle box = fe.feats_to_image(
                  dlib::centered_rect(dlib::point(c, r), box_width, box_height), cell_size,
                  window_height, window_width);
              box = pyr.rect_up(box, l);
              found[l][f].emplace_back(saliency[r][c], box);
            }
          }
        }
      }
    };

    if (threads <= 1 || levels == 1) {
      make_smaller();
      for (unsigned long l = 0; l < levels; ++l) scan_level(l);
    } else {
      std::atomic<unsigned long> next{1};  // level 0 is the calling thread's first
      std::latch images_ready(1);
      std::mutex failure_mu;
      std::exception_ptr failure;  // the first exception of a helper (e.g. bad_alloc)
      std::atomic<bool> failed{false};
      auto take_levels = [&] {
        for (unsigned long l = next++; l < levels && !failed; l = next++) scan_level(l);
      };
      {
        std::vector<std::jthread> helpers;
        const int helper_count = std::min<int>(threads, static_cast<int>(levels)) - 1;
        for (int t = 0; t < helper_count; ++t) {
          helpers.emplace_back([&, t] {
            try {
              if (t == 0) {
                try {
                  make_smaller();
                } catch (...) {
                  failed = true;
                  images_ready.count_down();
                  throw;
                }
                images_ready.count_down();
              } else {
                images_ready.wait();
              }
              if (!failed) take_levels();
            } catch (...) {
              failed = true;
              std::lock_guard lock(failure_mu);
              if (!failure) failure = std::current_exception();
            }
          });
        }
        try {
          scan_level(0);
          images_ready.wait();
          if (!failed) take_levels();
        } catch (...) {
          failed = true;  // the helpers stop after their current level and are joined
          throw;
        }
      }  // helpers joined
      if (failure) std::rethrow_exception(failure);
    }

    // object_detector::operator(): per filter, its windows best first; then all filters'
    // windows best first (by score above the filter's threshold), each kept unless it overlaps
    // one already kept.
    std::vector<dlib::rect_detection> all;
    for (unsigned long f = 0; f < filters; ++f) {
      std::vector<Window> windows;
      for (unsigned long l = 0; l < levels; ++l) {
        windows.insert(windows.end(), found[l][f].begin(), found[l][f].end());
      }
      std::sort(windows.rbegin(), windows.rend(), dlib::impl::compare_pair_rect);
      const double thresh = detector_.get_processed_w(f).w(scanner.get_num_dimensions());
      for (const Window& w : windows) {
        dlib::rect_detection d;
        d.detection_confidence = w.first - thresh;
        d.weight_index = f;
        d.rect = w.second;
        all.push_back(d);
      }
    }
    if (filters > 1) std::sort(all.rbegin(), all.rend());
    const dlib::test_box_overlap& overlaps = detector_.get_overlap_tester();
    std::vector<dlib::rectangle> kept;
    for (const dlib::rect_detection& d : all) {
      if (std::none_of(kept.begin(), kept.end(),
                       [&](const dlib::rectangle& k) { return overlaps(k, d.rect); })) {
        kept.push_back(d.rect);
      }
    }
    return kept;
  }

 private:
  const dlib::frontal_face_detector& detector_;
};

}  // namespace istmo::biometrics::internal

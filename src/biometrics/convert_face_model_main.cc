// istmo_face_model_convert — writes dlib_face_recognition_resnet_model_v1.dat from the TF.js
// weights of face-api.js's face recognition net (npm @vladmandic/face-api, model/
// face_recognition_model.bin + face_recognition_model-weights_manifest.json).
//
// Usage: istmo_face_model_convert MANIFEST.json WEIGHTS.bin OUT.dat
//
// The TF.js model is a one-to-one port of dlib's ResNet: the manifest lists its tensors in the
// network's bottom-to-top order (conv32_down, conv32_1 … conv256_down_out, fc), each conv as
// filters [kh, kw, in, out] + bias [out] and each "scale" (the folded batch norm) as weights +
// biases [out]. Most tensors are uint8-quantized (value = q * scale + min); the rest are float32.
// dlib stores filters as [out][in][kh][kw] and the fc matrix as [in][out].
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "biometrics/internal/face_net.h"

namespace {

struct TfTensor {
  std::string name;
  std::vector<int> shape;
  std::vector<float> values;
};

std::vector<char> ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<TfTensor> ReadTfWeights(const std::string& manifest_path,
                                    const std::string& weights_path) {
  const std::vector<char> manifest_text = ReadAll(manifest_path);
  const auto manifest = nlohmann::json::parse(manifest_text.begin(), manifest_text.end());
  const std::vector<char> blob = ReadAll(weights_path);
  std::vector<TfTensor> tensors;
  std::size_t offset = 0;
  for (const auto& group : manifest) {
    for (const auto& w : group.at("weights")) {
      TfTensor t;
      t.name = w.at("name").get<std::string>();
      t.shape = w.at("shape").get<std::vector<int>>();
      std::size_t count = 1;
      for (int d : t.shape) count *= static_cast<std::size_t>(d);
      t.values.resize(count);
      if (w.contains("quantization")) {
        const auto& q = w.at("quantization");
        if (q.at("dtype").get<std::string>() != "uint8") {
          throw std::runtime_error(t.name + ": only uint8 quantization is supported");
        }
        const double scale = q.at("scale").get<double>();
        const double min = q.at("min").get<double>();
        if (offset + count > blob.size()) throw std::runtime_error(t.name + ": weights truncated");
        for (std::size_t i = 0; i < count; ++i) {
          const auto byte = static_cast<unsigned char>(blob[offset + i]);
          t.values[i] = static_cast<float>(byte * scale + min);
        }
        offset += count;
      } else {
        if (w.at("dtype").get<std::string>() != "float32") {
          throw std::runtime_error(t.name + ": only float32 tensors are supported");
        }
        if (offset + 4 * count > blob.size()) throw std::runtime_error(t.name + ": weights truncated");
        std::memcpy(t.values.data(), blob.data() + offset, 4 * count);
        offset += 4 * count;
      }
      tensors.push_back(std::move(t));
    }
  }
  if (offset != blob.size()) {
    throw std::runtime_error("weights file has " + std::to_string(blob.size() - offset) +
                             " bytes the manifest does not describe");
  }
  return tensors;
}

void Expect(bool ok, const std::string& what) {
  if (!ok) throw std::runtime_error(what);
}

// Copies conv filters [kh, kw, in, out] + bias [out] into a dlib con_ parameter tensor.
void CopyConv(const TfTensor& filters, const TfTensor& bias, dlib::tensor& dst) {
  Expect(filters.shape.size() == 4, filters.name + ": expected a 4-d filter");
  const int kh = filters.shape[0], kw = filters.shape[1], in = filters.shape[2],
            out = filters.shape[3];
  Expect(static_cast<std::size_t>(dst.size()) ==
             static_cast<std::size_t>(kh) * kw * in * out + out,
         filters.name + ": size differs from dlib's layer");
  Expect(static_cast<int>(bias.values.size()) == out, bias.name + ": bias size");
  float* p = dst.host();
  for (int o = 0; o < out; ++o) {
    for (int i = 0; i < in; ++i) {
      for (int y = 0; y < kh; ++y) {
        for (int x = 0; x < kw; ++x) {
          p[((o * in + i) * kh + y) * kw + x] = filters.values[((y * kw + x) * in + i) * out + o];
        }
      }
    }
  }
  for (int o = 0; o < out; ++o) p[kh * kw * in * out + o] = bias.values[o];
}

// Copies a per-channel scale (gamma) and bias (beta) into a bn_con parameter tensor; its
// running mean and variance stay 0 and 1, so inference computes x * gamma + beta (up to the
// 1/sqrt(1 + 1e-5) that dlib's eps adds).
void CopyScale(const TfTensor& weights, const TfTensor& biases, dlib::tensor& dst) {
  const std::size_t n = weights.values.size();
  Expect(biases.values.size() == n && static_cast<std::size_t>(dst.size()) == 2 * n,
         weights.name + ": size differs from dlib's layer");
  float* p = dst.host();
  for (std::size_t i = 0; i < n; ++i) {
    p[i] = weights.values[i];
    p[n + i] = biases.values[i];
  }
}

void CopyFc(const TfTensor& fc, dlib::tensor& dst) {
  Expect(fc.shape.size() == 2 && static_cast<std::size_t>(dst.size()) == fc.values.size(),
         fc.name + ": size differs from dlib's layer");
  std::memcpy(dst.host(), fc.values.data(), 4 * fc.values.size());
}

void Convert(const std::string& manifest, const std::string& weights, const std::string& out) {
  const std::vector<TfTensor> tf = ReadTfWeights(manifest, weights);
  Expect(tf.size() == 117, "expected 117 tensors in the manifest, found " +
                               std::to_string(tf.size()));

  istmo::biometrics::internal::TrainingNet net;
  // One forward pass allocates every layer's parameters (a single sample keeps bn_con in
  // inference mode, so its running statistics stay 0 and 1).
  dlib::matrix<dlib::rgb_pixel> blank(150, 150);
  dlib::assign_all_pixels(blank, dlib::rgb_pixel(0, 0, 0));
  net(blank);

  // dlib numbers layers from the output down; the manifest goes from the input up.
  std::vector<dlib::tensor*> params;
  dlib::visit_layer_parameters(net, [&](std::size_t, dlib::tensor& t) {
    if (t.size() > 0) params.push_back(&t);
  });
  std::reverse(params.begin(), params.end());
  Expect(params.size() == 59, "expected 59 parameter tensors in dlib's network, found " +
                                  std::to_string(params.size()));

  std::size_t next = 0;
  for (std::size_t layer = 0; layer + 1 < params.size(); layer += 2) {
    const TfTensor& filters = tf[next];
    const TfTensor& bias = tf[next + 1];
    const TfTensor& scale_w = tf[next + 2];
    const TfTensor& scale_b = tf[next + 3];
    Expect(filters.name.ends_with("/conv/filters") && bias.name.ends_with("/conv/bias") &&
               scale_w.name.ends_with("/scale/weights") && scale_b.name.ends_with("/scale/biases"),
           "unexpected tensor order at " + filters.name);
    CopyConv(filters, bias, *params[layer]);
    CopyScale(scale_w, scale_b, *params[layer + 1]);
    next += 4;
  }
  Expect(tf[next].name == "fc", "expected fc last, found " + tf[next].name);
  CopyFc(tf[next], *params.back());

  net.clean();
  const std::string tmp = out + ".tmp";
  dlib::serialize(tmp) << net;
  if (std::rename(tmp.c_str(), out.c_str()) != 0) throw std::runtime_error("cannot write " + out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s MANIFEST.json WEIGHTS.bin OUT.dat\n", argv[0]);
    return 64;
  }
  try {
    Convert(argv[1], argv[2], argv[3]);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "istmo_face_model_convert: %s\n", e.what());
    return 65;
  }
  return 0;
}

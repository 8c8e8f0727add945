// biometrics/internal/face_net.h — dlib's 128-d face descriptor network
// (dlib_face_recognition_resnet_model_v1), as declared in dlib's dnn_face_recognition_ex.cpp.
//
// A ResNet-29 over a 150×150 RGB chip: 7×7/2 conv, 3×3/2 max pool, residual levels of 32, 64,
// 128 and 256 filters, global average pool, 128-d fully connected output. dlib's own defaults
// already match the weights that face-api.js ships (convolutions with stride 2 are unpadded;
// input_rgb_image_sized subtracts the channel means 122.782/117.001/104.298 and divides by 256).
//
// BN is dlib::affine at run time and dlib::bn_con in the converter: a bn_con layer serializes as
// "bn_con2", which affine's deserializer turns into a per-channel affine layer, exactly like the
// file dlib distributes. Include this header from ONE .cc per target: dlib's DNN templates are
// slow and memory-hungry to compile.
#pragma once

#include <dlib/dnn.h>

namespace istmo::biometrics::internal {

template <template <int, template <typename> class, int, typename> class Block, int N,
          template <typename> class BN, typename SUBNET>
using Residual = dlib::add_prev1<Block<N, BN, 1, dlib::tag1<SUBNET>>>;

template <template <int, template <typename> class, int, typename> class Block, int N,
          template <typename> class BN, typename SUBNET>
using ResidualDown =
    dlib::add_prev2<dlib::avg_pool<2, 2, 2, 2, dlib::skip1<dlib::tag2<Block<N, BN, 2, dlib::tag1<SUBNET>>>>>>;

template <int N, template <typename> class BN, int kStride, typename SUBNET>
using Block = BN<dlib::con<N, 3, 3, 1, 1, dlib::relu<BN<dlib::con<N, 3, 3, kStride, kStride, SUBNET>>>>>;

template <template <typename> class BN>
struct FaceNet {
  template <int N, typename SUBNET>
  using Res = dlib::relu<Residual<Block, N, BN, SUBNET>>;
  template <int N, typename SUBNET>
  using ResDown = dlib::relu<ResidualDown<Block, N, BN, SUBNET>>;

  template <typename SUBNET>
  using Level0 = ResDown<256, SUBNET>;
  template <typename SUBNET>
  using Level1 = Res<256, Res<256, ResDown<256, SUBNET>>>;
  template <typename SUBNET>
  using Level2 = Res<128, Res<128, ResDown<128, SUBNET>>>;
  template <typename SUBNET>
  using Level3 = Res<64, Res<64, Res<64, ResDown<64, SUBNET>>>>;
  template <typename SUBNET>
  using Level4 = Res<32, Res<32, Res<32, SUBNET>>>;

  using Type = dlib::loss_metric<dlib::fc_no_bias<
      128, dlib::avg_pool_everything<Level0<Level1<Level2<Level3<Level4<dlib::max_pool<
               3, 3, 2, 2,
               dlib::relu<BN<dlib::con<32, 7, 7, 2, 2, dlib::input_rgb_image_sized<150>>>>>>>>>>>>>;
};

// What the product loads: the network of dlib_face_recognition_resnet_model_v1.dat.
using InferenceNet = FaceNet<dlib::affine>::Type;
// What the converter fills and saves (bn_con serializes in the form dlib's file has).
using TrainingNet = FaceNet<dlib::bn_con>::Type;

inline constexpr char kDescriptorModelFile[] = "dlib_face_recognition_resnet_model_v1.dat";
inline constexpr char kLandmarkModelFile[] = "shape_predictor_68_face_landmarks.dat";

}  // namespace istmo::biometrics::internal

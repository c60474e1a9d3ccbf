// Answers the state queries of Dear ImGui's OpenGL3 backend that WebGL
// would turn into synchronous round trips to the GPU process.
//
// The backend backs up GL state with glGetIntegerv before it draws and
// restores it after (imgui_impl_opengl3.cpp, ImGui_ImplOpenGL3_RenderDrawData).
// Chromium serves bindings from a client-side cache, but the viewport, the
// scissor box and the blend state are fetched from the GPU process, which
// first finishes every command already queued: the previous frame's
// rasterization. Under SwiftShader a CPU profile of a 676-request run put
// 555 ms in those calls, up to 78 ms in one frame. This page has one GL
// client, the backend itself, so the state it would back up is the state
// it sets: compiled with -DglGetIntegerv=coflags_imgui_glGetIntegerv
// (src/app/CMakeLists.txt), the backend gets these values here, and every
// other query goes to WebGL as before.
#include <GLES3/gl3.h>

#include "imgui.h"

extern "C" void coflags_imgui_glGetIntegerv(GLenum pname, GLint* data) {
  switch (pname) {
    case GL_VIEWPORT:
    case GL_SCISSOR_BOX: {
      // What the backend sets up: the whole framebuffer.
      const ImDrawData* draw = ImGui::GetDrawData();
      data[0] = 0;
      data[1] = 0;
      data[2] = draw ? static_cast<GLint>(draw->DisplaySize.x * draw->FramebufferScale.x) : 0;
      data[3] = draw ? static_cast<GLint>(draw->DisplaySize.y * draw->FramebufferScale.y) : 0;
      return;
    }
    // ImGui_ImplOpenGL3_SetupRenderState: glBlendEquation(GL_FUNC_ADD) and
    // glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA).
    case GL_BLEND_EQUATION_RGB:
    case GL_BLEND_EQUATION_ALPHA: *data = GL_FUNC_ADD; return;
    case GL_BLEND_SRC_RGB: *data = GL_SRC_ALPHA; return;
    case GL_BLEND_DST_RGB: *data = GL_ONE_MINUS_SRC_ALPHA; return;
    case GL_BLEND_SRC_ALPHA: *data = GL_ONE; return;
    case GL_BLEND_DST_ALPHA: *data = GL_ONE_MINUS_SRC_ALPHA; return;
    default: glGetIntegerv(pname, data);
  }
}

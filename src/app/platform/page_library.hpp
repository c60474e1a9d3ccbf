// The C++ side of page_library.js: the page's JavaScript functions, one
// declaration each. Strings returned as char* are malloc'ed by JavaScript;
// take them with js::adopt_string.
#pragma once

extern "C" {
// canvas.cpp
void coflags_js_canvas_size(int* css_width, int* css_height, float* pixel_ratio);
void coflags_js_set_canvas_pixels(int width, int height);
char* coflags_js_webgl_renderer();
double coflags_js_last_input_ms();
void coflags_js_first_frame();
// main.cpp
void coflags_js_fatal(const char* message);
// font.cpp
int coflags_js_font_state();
int coflags_js_take_font(unsigned char** out);
// wheel.cpp
double coflags_js_wheel_unit_px();
// download_file.cpp
void coflags_js_download(const char* name, int name_size, const char* text, int text_size, const char* type,
                         int type_size);
// page_api.cpp
char* coflags_js_location_part(int which);
void coflags_js_replace_query(const char* query, int size);
void coflags_js_publish(const char* key, int key_size, const char* json, int json_size);
void coflags_js_widget(const char* name, int size, float x, float y, float w, float h);
// frame_stats.cpp
int coflags_js_take_reset_request();
// history/idb_history_store.cpp (a null json clears the store)
void coflags_js_history_load();
void coflags_js_history_write(double id, const char* json);
// storage/loop_saver.cpp: returns null, or why the store failed
char* coflags_js_loop_store_put(const char* name, const unsigned char* data, int size, const char* metadata);
void coflags_js_loop_store_list(void* loop_saver);  // one coflags_loop_store_record call per record
void coflags_js_loop_store_clear();
}

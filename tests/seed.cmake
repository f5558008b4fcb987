# The seed, analysed: the shipped scripts (scripts/*.lua but entities.lua)
# against the hand-made gold tests/gold/trump-putin-call.ann, scored with
# `glossa eval`: overall lenient F1 >= 0.9 (tests/gold/check.sh).
add_test(NAME seed/f1 COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/gold/check.sh $<TARGET_FILE:glossa-cli>)

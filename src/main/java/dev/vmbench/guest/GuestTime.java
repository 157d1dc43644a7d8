package dev.vmbench.guest;

/**
 * What the guest's own {@code time} printed, in seconds.
 *
 * @param user   null when the format does not show it
 * @param sys    null when the format does not show it
 * @param format busybox, bash, posix or gnu
 */
public record GuestTime(double real, Double user, Double sys, String format) {
}

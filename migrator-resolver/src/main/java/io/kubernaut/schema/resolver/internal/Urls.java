package io.kubernaut.schema.resolver.internal;

import java.util.regex.Pattern;

/** Repository URLs as shown in messages: without any {@code user:password@} they may carry. */
public final class Urls {

    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/@]*@");

    private Urls() {
    }

    public static String withoutUserInfo(String url) {
        return url == null ? null : USER_INFO.matcher(url).replaceFirst("");
    }
}

/**
 * A small Spring Boot web application on the s3-failover starter: it serves objects of a logical
 * bucket over HTTP and shows the failover client's health and metrics through Actuator.
 */
package io.github.s3failover.examples.web;
